/**
 * One timer per execution: when it is next due. The times live in the store; these timers only wake the
 * node, so a restart rebuilds them from the executions it finds.
 */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class ExecutionTimers {
  private readonly timers = new Map<string, { at: number; handle: NodeJS.Timeout }>();
  private stopped = false;

  constructor(private readonly now: () => number) {}

  /** Wakes `fire` at `at` (or now, if that has passed), replacing the execution's earlier timer. */
  schedule(id: string, at: number, fire: () => void): void {
    if (this.stopped) return;
    const current = this.timers.get(id);
    if (current?.at === at) return;
    if (current) clearTimeout(current.handle);
    const delay = Math.max(0, Math.min(at - this.now(), MAX_DELAY_MS));
    const handle = setTimeout(() => {
      this.timers.delete(id);
      // A delay beyond what setTimeout holds is waited out in parts.
      if (at > this.now()) this.schedule(id, at, fire);
      else fire();
    }, delay);
    handle.unref();
    this.timers.set(id, { at, handle });
  }

  cancel(id: string): void {
    const current = this.timers.get(id);
    if (current) clearTimeout(current.handle);
    this.timers.delete(id);
  }

  stop(): void {
    this.stopped = true;
    for (const { handle } of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
  }
}
