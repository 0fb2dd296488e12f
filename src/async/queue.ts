/**
 * The durable queue behind InvocationType=Event: an event is committed to the store before the 202
 * goes out, and stays there until it has been processed, so a crash or restart never loses it.
 * A small worker pool drains it in the background with bounded concurrency, leaving the engine's
 * capacity to synchronous invokes.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import type { Scope } from '../store/types.js';
import { LambdaError } from '../errors/base.js';
import { invokeFunction, type InvokeOutcome } from '../control/invoke/run.js';

export const ASYNC_EVENT_KIND = 'async-event';

export interface AsyncEventDoc {
  requestId: string;
  /** Unqualified ARN of the function, and the qualifier the caller named. */
  functionArn: string;
  qualifier?: string;
  payload: string; // base64
  enqueuedAt: number;
  /** Earliest time of the next attempt (ms since epoch). */
  notBefore: number;
  attempts: number;
}

export interface QueuedEvent { key: string; scope: Scope; doc: AsyncEventDoc }

/** What happens after an attempt; the retry/destination pipeline replaces the default (drop). */
export type AttemptHandler = (queue: AsyncQueue, event: QueuedEvent, outcome: InvokeOutcome | LambdaError | Error) => Promise<void>;

const DEFAULT_WORKERS = 4;

export class AsyncQueue {
  private readonly ready: QueuedEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  onAttempt: AttemptHandler = async (queue, event) => queue.remove(event);

  constructor(private readonly app: App, private readonly workers = DEFAULT_WORKERS) {}

  /** Reloads what was accepted before a restart. */
  async start(): Promise<void> {
    for (const stored of await this.app.store.listAll<AsyncEventDoc>(ASYNC_EVENT_KIND)) {
      this.schedule({ key: stored.key, scope: stored.scope, doc: stored.doc });
    }
  }

  async enqueue(scope: Scope, event: Omit<AsyncEventDoc, 'enqueuedAt' | 'notBefore' | 'attempts' | 'requestId'> & { requestId?: string }): Promise<string> {
    const now = Date.now();
    const doc: AsyncEventDoc = { ...event, requestId: event.requestId ?? randomUUID(), enqueuedAt: now, notBefore: now, attempts: 0 };
    const key = `${String(now).padStart(15, '0')}:${doc.requestId}`;
    await this.app.store.commit([{ op: 'put', kind: ASYNC_EVENT_KIND, scope, key, doc }]);
    this.schedule({ key, scope, doc });
    return doc.requestId;
  }

  /** Persists a changed event (next attempt time, attempt count) and schedules it again. */
  async reschedule(event: QueuedEvent, doc: AsyncEventDoc): Promise<void> {
    await this.app.store.commit([{ op: 'put', kind: ASYNC_EVENT_KIND, scope: event.scope, key: event.key, doc }]);
    this.schedule({ ...event, doc });
  }

  async remove(event: QueuedEvent): Promise<void> {
    await this.app.store.commit([{ op: 'delete', kind: ASYNC_EVENT_KIND, scope: event.scope, key: event.key }]);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(event: QueuedEvent): void {
    if (this.stopped) return;
    const delay = event.doc.notBefore - Date.now();
    if (delay > 0) {
      const timer = setTimeout(() => { this.timers.delete(timer); this.schedule(event); }, delay);
      timer.unref();
      this.timers.add(timer);
      return;
    }
    this.ready.push(event);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.workers && this.ready.length) {
      const event = this.ready.shift()!;
      this.running++;
      this.attempt(event).finally(() => { this.running--; this.pump(); });
    }
  }

  private async attempt(event: QueuedEvent): Promise<void> {
    const doc: AsyncEventDoc = { ...event.doc, attempts: event.doc.attempts + 1 };
    let outcome: InvokeOutcome | Error;
    try {
      outcome = await invokeFunction(this.app, {
        caller: event.scope,
        functionName: doc.functionArn,
        ...(doc.qualifier ? { qualifier: doc.qualifier } : {}),
        payload: Buffer.from(doc.payload, 'base64'),
        requestId: doc.requestId,
        tailLogs: false,
      });
    } catch (err) {
      outcome = err as Error;
    }
    if (this.stopped) return;
    try {
      await this.onAttempt(this, { ...event, doc }, outcome);
    } catch (err) {
      console.error('lambkin async: could not record the outcome of event', doc.requestId, err);
    }
  }
}
