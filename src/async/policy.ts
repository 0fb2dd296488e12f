/**
 * When an asynchronous event is tried again, and when it is given up. Function errors follow
 * MaximumRetryAttempts with AWS's schedule (one base delay, then two); throttles and system errors
 * back off exponentially from a second up to five minutes. Either way an event whose next try would
 * fall past MaximumEventAgeInSeconds is given up at once, as AWS does.
 */
import type { Condition } from './delivery-state.js';

export interface RetrySettings {
  maxRetries: number;
  maxAgeMs: number;
  /** First delay after a function error (AWS: one minute). */
  baseDelayMs: number;
}

export type Decision = { action: 'retry'; notBefore: number } | { action: 'finish'; condition: Condition };

const SYSTEM_FIRST_DELAY_MS = 1_000;
const SYSTEM_MAX_DELAY_MS = 300_000;

function retryUnlessTooOld(notBefore: number, enqueuedAt: number, settings: RetrySettings): Decision {
  return notBefore - enqueuedAt > settings.maxAgeMs
    ? { action: 'finish', condition: 'EventAgeExceeded' }
    : { action: 'retry', notBefore };
}

/** After the function ran (`invokes` counts this run). */
export function afterRun(invokes: number, failed: boolean, enqueuedAt: number, now: number, settings: RetrySettings): Decision {
  if (!failed) return { action: 'finish', condition: 'Success' };
  if (invokes > settings.maxRetries) return { action: 'finish', condition: 'RetriesExhausted' };
  return retryUnlessTooOld(now + settings.baseDelayMs * 2 ** (invokes - 1), enqueuedAt, settings);
}

/** After a throttle or a system error (`systemRetries` counts the earlier ones in a row). */
export function afterSystemError(systemRetries: number, enqueuedAt: number, now: number, settings: RetrySettings): Decision {
  const delay = Math.min(SYSTEM_FIRST_DELAY_MS * 2 ** systemRetries, SYSTEM_MAX_DELAY_MS);
  return retryUnlessTooOld(now + delay, enqueuedAt, settings);
}

/** An event that waited too long (a stopped server, a backlog) is not run any more. */
export function tooOld(enqueuedAt: number, now: number, settings: RetrySettings): boolean {
  return now - enqueuedAt > settings.maxAgeMs;
}

/** Delivery to an unreachable destination: a few tries, a second apart and doubling. */
export const DELIVERY_TRIES = 4;

export function deliveryDelayMs(tries: number): number {
  return 1_000 * 2 ** (tries - 1);
}

/**
 * A target the server has no credentials for waits for its setup (a restart with them keeps the
 * event): retried with the system-error backoff for as long as AWS keeps an event at most.
 */
export const CREDENTIAL_WAIT_MAX_MS = 6 * 60 * 60 * 1000;

export function credentialWaitDelayMs(waits: number): number {
  return Math.min(SYSTEM_FIRST_DELAY_MS * 2 ** waits, SYSTEM_MAX_DELAY_MS);
}
