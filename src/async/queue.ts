/**
 * The durable queue behind InvocationType=Event: an event is committed to the store before the 202
 * goes out, and stays there until its outcome has been recorded, so a crash or restart never loses it.
 * A small worker pool drains it in the background with bounded concurrency, leaving the engine's
 * capacity to synchronous invokes. What one pass over an event does (invoke, retry, deliver) is the
 * `process` hook's business; the default just invokes once and forgets the event.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../store/types.js';
import { invokeFunction, type InvokeDeps, type InvokeOutcome } from '../control/invoke/run.js';
import type { PendingDelivery, StoredResponse } from './delivery-state.js';
import { asyncObservers, type AsyncObserver } from './observer.js';

export const ASYNC_EVENT_KIND = 'async-event';

export interface AsyncEventDoc {
  requestId: string;
  /** Unqualified ARN of the function, and the qualifier the caller named. */
  functionArn: string;
  qualifier?: string;
  payload: string; // base64
  enqueuedAt: number;
  /** Earliest time of the next pass (ms since epoch). */
  notBefore: number;
  /** Passes started so far (invocations, throttled attempts and delivery passes alike). */
  attempts: number;
  /** Times the function actually ran (AWS's approximateInvokeCount). */
  invokes?: number;
  /** Consecutive throttles or system errors, for their own backoff. */
  systemRetries?: number;
  /** The last run's answer while a retry is pending. */
  lastResponse?: StoredResponse;
  /** Set once the outcome is known: what is still to be sent before the event can go. */
  delivery?: PendingDelivery;
}

export interface QueuedEvent { key: string; scope: Scope; doc: AsyncEventDoc }

/** One pass over an event; it must end by removing or rescheduling the event (or leave it for a restart). */
export type EventProcessor = (queue: AsyncQueue, event: QueuedEvent) => Promise<void>;

const DEFAULT_WORKERS = 4;
const RECOVERY_DELAY_MS = 5_000;

/** Runs the function once for an event (the qualifier as the caller named it). */
export function invokeEvent(deps: InvokeDeps, event: QueuedEvent): Promise<InvokeOutcome> {
  const doc = event.doc;
  return invokeFunction(deps, {
    caller: event.scope,
    functionName: doc.functionArn,
    ...(doc.qualifier ? { qualifier: doc.qualifier } : {}),
    payload: Buffer.from(doc.payload, 'base64'),
    requestId: doc.requestId,
    tailLogs: false,
  });
}

function workersFromEnv(): number {
  const n = Number(process.env.LAMBKIN_ASYNC_WORKERS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_WORKERS;
}

export class AsyncQueue {
  private readonly ready: QueuedEvent[] = [];
  /** Events waiting for their next pass, by the timer that will schedule them. */
  private readonly timers = new Map<NodeJS.Timeout, QueuedEvent>();
  /** Events in a pass right now, by key. */
  private readonly inPass = new Map<string, QueuedEvent>();
  /** Keys discarded while in a pass: what the pass still writes for them is dropped. */
  private readonly discarded = new Set<string>();
  private running = 0;
  private stopped = false;
  /** Who hears of retries and deliveries; the pipeline reports to them. */
  readonly observers = asyncObservers();
  process: EventProcessor = async (queue, event) => {
    try {
      await invokeEvent(queue.deps, event);
    } finally {
      if (!queue.stopping) await queue.remove(event);
    }
  };

  constructor(readonly deps: InvokeDeps, private readonly workers = workersFromEnv()) {}

  /** True once stop() was called: passes still in flight must not record outcomes any more. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Adds an observer of the pipeline; the returned function removes it. */
  observe(observer: AsyncObserver): () => void {
    return this.observers.add(observer);
  }

  /** Every event this node holds (waiting, ready or in a pass), as it was when last scheduled: what metrics read. */
  held(): QueuedEvent[] {
    // A pass that rescheduled its event holds it twice until the pass returns: once is what counts.
    const byKey = new Map<string, QueuedEvent>();
    for (const event of [...this.inPass.values(), ...this.timers.values(), ...this.ready]) byKey.set(event.key, event);
    return [...byKey.values()];
  }

  /** Reloads what was accepted before a restart. */
  async start(): Promise<void> {
    for (const stored of await this.deps.store.listAll<AsyncEventDoc>(ASYNC_EVENT_KIND)) {
      this.schedule({ key: stored.key, scope: stored.scope, doc: stored.doc });
    }
  }

  async enqueue(scope: Scope, event: Omit<AsyncEventDoc, 'enqueuedAt' | 'notBefore' | 'attempts' | 'requestId'> & { requestId?: string }): Promise<string> {
    const now = Date.now();
    const doc: AsyncEventDoc = { ...event, requestId: event.requestId ?? randomUUID(), enqueuedAt: now, notBefore: now, attempts: 0 };
    // The request id alone is not unique: a destination event reuses the id of the event it reports on.
    const key = `${String(now).padStart(15, '0')}:${doc.requestId}:${randomUUID().slice(0, 8)}`;
    await this.deps.store.commit([{ op: 'put', kind: ASYNC_EVENT_KIND, scope, key, doc }]);
    this.schedule({ key, scope, doc });
    return doc.requestId;
  }

  /** Persists a changed event (counters, pending delivery) without scheduling it. */
  async save(event: QueuedEvent, doc: AsyncEventDoc): Promise<QueuedEvent> {
    if (this.discarded.has(event.key)) return { ...event, doc };
    await this.deps.store.commit([{ op: 'put', kind: ASYNC_EVENT_KIND, scope: event.scope, key: event.key, doc }]);
    return { ...event, doc };
  }

  /** Persists a changed event (next pass time, counters, pending delivery) and schedules it again. */
  async reschedule(event: QueuedEvent, doc: AsyncEventDoc): Promise<void> {
    this.schedule(await this.save(event, doc));
  }

  async remove(event: QueuedEvent): Promise<void> {
    await this.deps.store.commit([{ op: 'delete', kind: ASYNC_EVENT_KIND, scope: event.scope, key: event.key }]);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Forgets the events of matching scopes (a reset), whose stored documents the caller removes: waiting
   * ones are unscheduled, and a pass in flight writes nothing more for its event.
   */
  discard(match: (scope: Scope) => boolean): void {
    for (const [timer, event] of this.timers) {
      if (!match(event.scope)) continue;
      clearTimeout(timer);
      this.timers.delete(timer);
    }
    for (let i = this.ready.length - 1; i >= 0; i--) {
      if (match(this.ready[i]!.scope)) this.ready.splice(i, 1);
    }
    for (const [key, event] of this.inPass) {
      if (match(event.scope)) this.discarded.add(key);
    }
  }

  private schedule(event: QueuedEvent): void {
    if (this.stopped || this.discarded.has(event.key)) return;
    const delay = event.doc.notBefore - Date.now();
    if (delay > 0) {
      const timer = setTimeout(() => { this.timers.delete(timer); this.schedule(event); }, delay);
      timer.unref();
      this.timers.set(timer, event);
      return;
    }
    this.ready.push(event);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.workers && this.ready.length) {
      const event = this.ready.shift()!;
      this.running++;
      this.pass(event).finally(() => { this.running--; this.pump(); });
    }
  }

  private async pass(event: QueuedEvent): Promise<void> {
    const started: QueuedEvent = { ...event, doc: { ...event.doc, attempts: event.doc.attempts + 1 } };
    this.inPass.set(event.key, event);
    try {
      await this.process(this, started);
    } catch (err) {
      if (this.stopped || this.discarded.has(event.key)) return;
      // The event stays stored as it was; try it again a little later rather than losing it.
      console.error('lambkin async: could not process event', event.doc.requestId, err);
      this.schedule({ ...event, doc: { ...event.doc, notBefore: Date.now() + RECOVERY_DELAY_MS } });
    } finally {
      this.inPass.delete(event.key);
      this.discarded.delete(event.key);
    }
  }
}
