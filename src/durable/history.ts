/**
 * History events, kept in the shape GetDurableExecutionHistory answers with (times in seconds): each
 * names the operation it is about and carries the one details member its type calls for.
 */
import type { ErrorObject, Event, EventType, Operation } from '../model/types.generated.js';
import type { ExecutionDoc } from './records.js';

export const seconds = (ms: number): number => ms / 1000;

type About = Pick<Operation, 'Id' | 'Name' | 'ParentId' | 'SubType'>;

/** Details members by event type: `StepStarted` -> `StepStartedDetails`. */
export function newEvent(exec: ExecutionDoc, type: EventType, about: About | undefined, details: object, now: number): Event {
  const event: Event = { EventType: type, EventId: exec.nextEventId++, EventTimestamp: seconds(now) };
  if (about?.SubType !== undefined) event.SubType = about.SubType;
  if (about?.Id !== undefined) event.Id = about.Id;
  if (about?.Name !== undefined) event.Name = about.Name;
  if (about?.ParentId !== undefined) event.ParentId = about.ParentId;
  (event as Record<string, unknown>)[`${type}Details`] = details;
  return event;
}

export const payloadOf = (payload: string | undefined): { Payload?: string } => (payload === undefined ? {} : { Payload: payload });
export const errorOf = (error: ErrorObject | undefined): { Payload?: ErrorObject } => (error === undefined ? {} : { Payload: error });

const PAYLOAD_DETAILS = ['Input', 'Result'] as const;

/** An event without its payloads and errors, for IncludeExecutionData=false. */
export function withoutData(event: Event): Event {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith('Details') || value === null || typeof value !== 'object') continue;
    const details: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const member of PAYLOAD_DETAILS) {
      if (details[member] !== undefined) details[member] = {};
    }
    if (details.Error !== undefined) details.Error = {};
    copy[key] = details;
  }
  return copy as Event;
}
