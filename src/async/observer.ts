/**
 * What the asynchronous pipeline reports as it works: retries it schedules and deliveries it makes.
 * Metrics subscribe through `AsyncQueue.observe()`; the pipeline never reaches into them. Each method
 * is optional and called synchronously: an observer that has work to do queues it and returns.
 */
import type { Condition } from './delivery-state.js';
import { ObserverList } from '../observer-list.js';

/** The function an event is for, as the caller named it. */
export interface EventFunction {
  accountId: string;
  region: string;
  /** Unqualified ARN. */
  functionArn: string;
  /** The qualifier the caller named, `$LATEST` when none. */
  qualifier: string;
}

/** Why an event is tried again: its function failed, it was throttled, or the invoke met another error. */
export type RetryCause = 'function-error' | 'throttled' | 'system-error';

export interface RetryScheduled {
  fn: EventFunction;
  requestId: string;
  cause: RetryCause;
}

export interface DeliveryAttempted {
  fn: EventFunction;
  requestId: string;
  /** A destination (OnSuccess / OnFailure as `condition` says) or the function's dead-letter target. */
  target: 'destination' | 'dead-letter';
  condition: Condition;
  arn: string;
  outcome: 'delivered' | 'failed';
}

export interface AsyncObserver {
  retryScheduled?(event: RetryScheduled): void;
  deliveryAttempted?(event: DeliveryAttempted): void;
}

/** The pipeline's subscribers; one that throws is reported once and never breaks a pass. */
export function asyncObservers(): ObserverList<AsyncObserver> {
  return new ObserverList<AsyncObserver>([], (kind, err) => {
    console.error(`lambkin async: an observer failed on ${kind} (later failures of it are not logged): ${(err as Error).stack ?? err}`);
  });
}
