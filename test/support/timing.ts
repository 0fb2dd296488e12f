/**
 * Facts about time that hold on a heavily loaded machine. A test never bounds how fast the machine is:
 * it waits for conditions with a generous deadline, and bounds a duration only where the platform
 * itself promises one (a timeout), with the tolerance below.
 */
import assert from 'node:assert/strict';

/** How late a timer may fire, or a process be scheduled, on a loaded machine (two cores, many jobs). */
export const SCHEDULING_TOLERANCE_MS = 3000;
/** How long an eventual condition may take before a test gives up. */
export const EVENTUALLY_MS = 30_000;

/** Polls `check` until it holds (every 20 ms), failing after `ms` with `what` in the message. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = EVENTUALLY_MS): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`${what}: not so after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ReportFigures { durationMs: number; billedMs: number; memorySizeMb: number; maxMemoryUsedMb: number; initDurationMs?: number }

/** The figures of a text REPORT line (the part after `REPORT RequestId: ...\t`, or the whole line). */
export function reportFigures(report: string): ReportFigures {
  const m = /Duration: (\d+\.\d\d) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: (\d+\.\d\d) ms\t)?/.exec(report);
  assert.ok(m, `not a REPORT line: ${report}`);
  const figures: ReportFigures = { durationMs: Number(m[1]), billedMs: Number(m[2]), memorySizeMb: Number(m[3]), maxMemoryUsedMb: Number(m[4]) };
  if (m[5] !== undefined) figures.initDurationMs = Number(m[5]);
  return figures;
}

/** Billed Duration is the printed Duration, plus a cold start's Init Duration, rounded up to the next millisecond (at least 1). */
export function assertBilledIsDurationRoundedUp(f: Pick<ReportFigures, 'durationMs' | 'billedMs' | 'initDurationMs'>): void {
  const billable = Number((f.durationMs + (f.initDurationMs ?? 0)).toFixed(2));
  assert.equal(f.billedMs, Math.max(1, Math.ceil(billable)), `Duration ${f.durationMs} ms, Init Duration ${f.initDurationMs ?? '-'} ms, billed ${f.billedMs} ms`);
}

/**
 * A timed-out invocation lasted its timeout: never less (the engine's deadline does not fire early), and
 * no more than the scheduling tolerance beyond it.
 */
export function assertLastedTimeout(durationMs: number, timeoutSeconds: number): void {
  const timeoutMs = timeoutSeconds * 1000;
  assert.ok(durationMs >= timeoutMs && durationMs <= timeoutMs + SCHEDULING_TOLERANCE_MS,
    `Duration ${durationMs} ms for a timeout of ${timeoutMs} ms (tolerance ${SCHEDULING_TOLERANCE_MS} ms)`);
}
