/**
 * Saved test events: named JSON payloads kept per function for the console's test tab, as the AWS
 * console keeps them. Stored as their own kind, keyed `<function>:<event name>` with the function as
 * parent, so a function's events list together; they are removed by a reset.
 */
import type { StoreDep } from '../control/deps.js';
import type { Scope } from '../store/types.js';
import { InvalidParameterValueException, InvalidRequestContentException, ResourceNotFoundException } from '../errors/catalogue.js';
import { requireFunction } from './function-lookup.js';

export const TEST_EVENT_KIND = 'console-test-event';

/** The AWS console's rule for a test event's name. */
const EVENT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,25}$/;
/** An Invoke payload may be at most 6 MB; a saved event is meant to be one. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

export interface TestEventDoc {
  name: string;
  /** The payload exactly as saved (JSON text). */
  event: string;
  lastModified: string;
}

function checkEventName(name: string): string {
  if (!EVENT_NAME_PATTERN.test(name)) {
    throw new InvalidParameterValueException(`Invalid test event name: ${JSON.stringify(name)}. A name is 1 to 25 letters, digits, dots, hyphens or underscores.`);
  }
  return name;
}

function eventKey(functionName: string, eventName: string): string {
  return `${functionName}:${eventName}`;
}

export async function listTestEvents(deps: StoreDep, scope: Scope, functionName: string): Promise<TestEventDoc[]> {
  await requireFunction(deps, scope, functionName);
  const docs = await deps.store.list<TestEventDoc>(TEST_EVENT_KIND, scope, { parent: functionName });
  return docs.map((d) => d.doc);
}

/** The body is `{"event": "<JSON text>"}`: the text is kept as typed, once it is known to parse. */
export function parseSaveBody(body: Buffer): string {
  if (body.length > MAX_EVENT_BYTES) throw new InvalidRequestContentException(`The test event is larger than ${MAX_EVENT_BYTES} bytes.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidRequestContentException('Could not parse request body into json: the body is not valid JSON.');
  }
  const event = (parsed as { event?: unknown } | null)?.event;
  if (typeof event !== 'string') throw new InvalidRequestContentException('The request body must be an object with a string member "event".');
  try {
    JSON.parse(event);
  } catch {
    throw new InvalidParameterValueException('The test event is not valid JSON.');
  }
  return event;
}

export async function saveTestEvent(deps: StoreDep, scope: Scope, functionName: string, eventName: string, event: string): Promise<TestEventDoc> {
  checkEventName(eventName);
  await requireFunction(deps, scope, functionName);
  const doc: TestEventDoc = { name: eventName, event, lastModified: new Date().toISOString() };
  await deps.store.commit([{ op: 'put', kind: TEST_EVENT_KIND, scope, key: eventKey(functionName, eventName), parent: functionName, doc }]);
  return doc;
}

export async function deleteTestEvent(deps: StoreDep, scope: Scope, functionName: string, eventName: string): Promise<void> {
  checkEventName(eventName);
  await requireFunction(deps, scope, functionName);
  const key = eventKey(functionName, eventName);
  const stored = await deps.store.get<TestEventDoc>(TEST_EVENT_KIND, scope, key);
  if (!stored) throw new ResourceNotFoundException(`Test event not found: ${eventName} of function ${functionName}`);
  await deps.store.commit([{ op: 'delete', kind: TEST_EVENT_KIND, scope, key, ifSeq: stored.seq }]);
}
