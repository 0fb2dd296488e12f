/**
 * What the manager knows of each mapping's poller: the counts and problems the poller reports, the
 * poller's own state, and the LastProcessingResult AWS would show. Kept in memory (a restart starts
 * the counts afresh); /_lambkin/event-source-mappings shows them.
 */
import type { BatchInvokeResult, PollerReport } from './types.js';

export type PollerState = 'running' | 'backing-off' | 'stopped' | 'waiting-for-lease';

/** LastProcessingResult as the streams' mappings show it (SQS mappings leave it out, as AWS does). */
export const PROCESSING_RESULT = {
  none: 'No records processed',
  ok: 'OK',
  functionFailed: 'PROBLEM: Function call failed',
  functionNotFound: 'PROBLEM: Function not found.',
} as const;

export interface ErrorNote { message: string; at: number }

export interface MappingCounts {
  received: number;
  filtered: number;
  invokedOk: number;
  invokedFailed: number;
  discarded: number;
}

/** The part of a function's error answer worth showing: its type and message, when it has them. */
function describeFunctionError(functionError: string, payload: Buffer): string {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { errorType?: unknown; errorMessage?: unknown };
    const type = typeof body.errorType === 'string' ? body.errorType : functionError;
    return typeof body.errorMessage === 'string' ? `${type}: ${body.errorMessage}` : type;
  } catch {
    return `${functionError} function error`;
  }
}

export class PollerStats implements PollerReport {
  readonly counts: MappingCounts = { received: 0, filtered: 0, invokedOk: 0, invokedFailed: 0, discarded: 0 };
  lagMs = 0;
  lastError: ErrorNote | undefined;
  lastBatchAt: number | undefined;
  /** The source's current problem (unreachable, missing), cleared once it reads again. */
  sourceProblem: string | undefined;
  state: PollerState = 'stopped';
  stateSince: number;
  /** When a backing-off poller runs again. */
  nextRunAt: number | undefined;
  /** Poller runs that threw or ended on their own. */
  failures = 0;
  private result: string | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    /** Called when the LastProcessingResult to show changes. */
    private readonly onResult: (text: string) => void = () => {},
  ) {
    this.stateSince = now();
  }

  received(count: number): void { this.counts.received += count; }
  filtered(count: number): void { this.counts.filtered += count; }
  discarded(count: number): void { this.counts.discarded += count; }
  lag(ms: number): void { this.lagMs = Math.max(0, ms); }

  invoked(_records: number, result: BatchInvokeResult): void {
    this.lastBatchAt = this.now();
    if (result.kind === 'success') {
      this.counts.invokedOk++;
      this.setResult(PROCESSING_RESULT.ok);
      return;
    }
    this.counts.invokedFailed++;
    if (result.kind === 'function-error') {
      this.noteError(describeFunctionError(result.functionError, result.payload));
      this.setResult(PROCESSING_RESULT.functionFailed);
      return;
    }
    this.noteError(`${result.code}: ${result.error.message}`);
    if (result.code === 'ResourceNotFoundException') this.setResult(PROCESSING_RESULT.functionNotFound);
  }

  sourceError(message: string | undefined): void {
    this.sourceProblem = message;
    if (message === undefined) return;
    this.noteError(message);
    this.setResult(`PROBLEM: ${message}`);
  }

  /** A poller run threw. */
  pollerFailed(err: unknown): void {
    this.noteError(err instanceof Error ? err.message : String(err));
  }

  setState(state: PollerState, nextRunAt?: number): void {
    if (state !== this.state) this.stateSince = this.now();
    this.state = state;
    this.nextRunAt = nextRunAt;
  }

  noteError(message: string): void {
    this.lastError = { message, at: this.now() };
  }

  private setResult(text: string): void {
    if (text === this.result) return;
    this.result = text;
    this.onResult(text);
  }
}
