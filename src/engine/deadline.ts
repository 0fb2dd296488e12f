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

/**
 * One environment's invocation deadlines on one timer, armed again for each invocation (a refresh)
 * instead of a timer made and cleared per invocation. `onExpiry` runs once `ms` have passed since the
 * last `arm` with no `disarm` since, never early (an early firing waits out the rest, as above).
 */
export class DeadlineClock {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private armed = false;

  constructor(private readonly ms: number, private readonly onExpiry: () => void) {}

  /** From `startedAt` (a performance.now() reading, about now). */
  arm(startedAt: number): void {
    this.startedAt = startedAt;
    this.armed = true;
    if (this.timer) this.timer.ref().refresh();
    else this.timer = setTimeout(() => this.check(), this.ms);
  }

  /** The invocation ended: a firing finds nothing to do, and an idle environment holds no loop open. */
  disarm(): void {
    this.armed = false;
    this.timer?.unref();
  }

  stop(): void {
    this.armed = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (!this.armed) return;
    const left = this.startedAt + this.ms - performance.now();
    // A separate timer for the rest: the clock's own keeps its full delay for the next arm.
    if (left > 0) setTimeout(() => this.check(), Math.ceil(left));
    else {
      this.armed = false;
      this.onExpiry();
    }
  }
}
