import { performance } from 'node:perf_hooks';

/**
 * A timer that never fires before `ms` have passed since `startedAt` (a performance.now() reading).
 * Node schedules timers from the event loop's cached clock, read when the loop iteration began: on a busy
 * server that reading is already some milliseconds old, and a plain setTimeout fires that much early.
 * Here an early firing waits out the rest, so a timed-out invocation's Duration is never below Timeout.
 * The returned handle is the first timer's; after a re-arm, clearing it leaves the second to fire, so
 * `onExpiry` must ignore an invocation that already ended.
 */
export function deadlineTimer(startedAt: number, ms: number, onExpiry: () => void): NodeJS.Timeout {
  const check = (): void => {
    const left = startedAt + ms - performance.now();
    if (left > 0) setTimeout(check, Math.ceil(left));
    else onExpiry();
  };
  return setTimeout(check, ms);
}
