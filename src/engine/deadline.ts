import { performance } from 'node:perf_hooks';

/**
 * A timer that never fires before `ms` have passed since `startedAt` (a performance.now() reading).
 * Node counts timers in whole milliseconds of the event loop's clock: on a server whose loop is woken
 * by other I/O, a plain setTimeout fires as soon as the truncated clock reaches its due time, up to 1 ms
 * before the delay has really passed (a timeout would log `Duration: 999.40 ms`). Here an early firing
 * waits out the rest, so a timed-out invocation's Duration is never below Timeout.
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
