/**
 * A function's asynchronous queue as the console shows it: how many events wait (depth), how old the
 * oldest is, and the error of the last failed run an event is waiting to retry. Read from the stored
 * events, which is where the queue keeps them until their outcome is delivered.
 */
import type { StoreDep } from '../control/deps.js';
import type { Scope } from '../store/types.js';
import { ASYNC_EVENT_KIND, type AsyncEventDoc } from '../async/queue.js';
import { functionArn } from '../control/arn.js';
import { requireFunction } from './function-lookup.js';

export interface AsyncQueueState {
  depth: number;
  oldestAgeSeconds: number | null;
  /** The newest failed run still waiting for a retry or for its failure to be delivered. */
  lastError: { requestId: string; functionError: string; payload: string; attempts: number } | null;
}

export async function asyncQueueState(deps: StoreDep, scope: Scope, name: string, now = Date.now()): Promise<AsyncQueueState> {
  await requireFunction(deps, scope, name);
  const arn = functionArn({ ...scope, name });
  const events = (await deps.store.list<AsyncEventDoc>(ASYNC_EVENT_KIND, scope)).map((d) => d.doc).filter((d) => d.functionArn === arn);
  let lastError: AsyncQueueState['lastError'] = null;
  let lastErrorAt = -1;
  for (const doc of events) {
    const failed = doc.lastResponse?.functionError ? doc.lastResponse : undefined;
    if (!failed || doc.enqueuedAt < lastErrorAt) continue;
    lastErrorAt = doc.enqueuedAt;
    lastError = {
      requestId: doc.requestId, functionError: failed.functionError!, attempts: doc.attempts,
      payload: Buffer.from(failed.payload, 'base64').toString('utf8'),
    };
  }
  const oldest = events.reduce((min, d) => Math.min(min, d.enqueuedAt), Infinity);
  return { depth: events.length, oldestAgeSeconds: events.length ? Math.max(0, Math.floor((now - oldest) / 1000)) : null, lastError };
}
