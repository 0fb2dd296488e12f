/**
 * Tumbling windows (TumblingWindowInSeconds): windows of fixed length aligned to the epoch, a record
 * belonging to the one its arrival time falls in. Each invocation of a window gets the state the
 * previous one returned; once the window is over (a later record came, its end passed, the shard
 * ended, or the state outgrew 1 MB) a last invocation with isFinalInvokeForWindow lets the function
 * act on the result, and the state is dropped.
 */
import type { StreamRecord } from './record.js';
import type { WindowState } from './checkpoint.js';

/** AWS ends a window early when its state passes 1 MB. */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

export function windowStart(arrival: number, lengthMs: number): number {
  return Math.floor(arrival / lengthMs) * lengthMs;
}

export function openWindow(arrival: number, lengthMs: number): WindowState {
  const start = windowStart(arrival, lengthMs);
  return { start, end: start + lengthMs, state: {} };
}

export function stateTooLarge(state: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(state ?? null)) > MAX_WINDOW_STATE_BYTES;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface WindowEventInfo {
  shardId: string;
  streamArn: string;
  final: boolean;
  terminatedEarly: boolean;
}

export function windowEvent(records: readonly StreamRecord<unknown>[], window: WindowState, info: WindowEventInfo): Record<string, unknown> {
  return {
    Records: records.map((r) => r.event),
    window: { start: isoSeconds(window.start), end: isoSeconds(window.end) },
    state: window.state ?? {},
    shardId: info.shardId,
    eventSourceARN: info.streamArn,
    isFinalInvokeForWindow: info.final,
    isWindowTerminatedEarly: info.terminatedEarly,
  };
}
