/**
 * How long the manager waits before running a poller again after it threw (or returned on its own):
 * doubling from half a second up to 30 s, back to the start once a run has stayed up a while.
 */
export interface BackoffSettings {
  baseMs: number;
  capMs: number;
  /** A run that lasted this long was healthy: the next failure waits the base delay again. */
  healthyRunMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 500, capMs: 30_000, healthyRunMs: 10_000 };

/** The wait after the `failures`-th failure in a row (1 for the first). */
export function backoffDelayMs(failures: number, settings: BackoffSettings = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
}

/** Failures in a row after a run of `ranMs` ended badly, given those before it. */
export function failuresAfterRun(previous: number, ranMs: number, settings: BackoffSettings = DEFAULT_BACKOFF): number {
  return ranMs >= settings.healthyRunMs ? 1 : previous + 1;
}
