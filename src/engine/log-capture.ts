import { endLine, reportLine, startLine, timeoutLine, type ReportFields } from './logs/platform.js';
import type { Outcome } from './invocation.js';
import type { LogStreamWriter } from './logs/store.js';
import type { FunctionSnapshot } from './types.js';

/** CloudWatch splits longer lines into several events. */
const MAX_LINE = 256 * 1024;
const TAIL_BYTES = 4096;

/** An invocation's own copy of its log text, kept only when the caller asked for the tail. */
export type LogTail = string[] | undefined;

/**
 * One environment's log stream: the runtime's stdout and stderr cut into lines, and the platform's
 * START / END / REPORT lines, each also copied to the tail of the invocation it belongs to.
 */
export class LogCapture {
  private partial = { stdout: '', stderr: '' };

  constructor(
    private readonly stream: LogStreamWriter,
    private readonly fn: FunctionSnapshot,
    warn: (message: string) => void,
  ) {
    // Batches are written off the invoke path; a full or unwritable disk is said once per run of failures.
    stream.onWriteError = (err) => warn(`lambkin engine: cannot write log stream ${stream.streamName} of ${fn.functionArn}: ${err.message}`);
  }

  /** A chunk of the runtime's output: complete lines are written now, the rest waits for its newline. */
  output(which: 'stdout' | 'stderr', chunk: Buffer, tail: LogTail): void {
    const text = this.partial[which] + chunk.toString();
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.write(text.slice(start, nl + 1), tail);
      start = nl + 1;
    }
    let rest = text.slice(start);
    while (rest.length > MAX_LINE) {
      this.write(rest.slice(0, MAX_LINE), tail);
      rest = rest.slice(MAX_LINE);
    }
    this.partial[which] = rest;
  }

  /** Writes out unterminated output, so that it lands before the END line. */
  flush(tail: LogTail): void {
    for (const which of ['stdout', 'stderr'] as const) {
      if (this.partial[which]) this.write(`${this.partial[which]}\n`, tail);
      this.partial[which] = '';
    }
  }

  write(message: string, tail: LogTail): void {
    tail?.push(message);
    this.stream.write(message);
  }

  start(requestId: string, tail: LogTail): void {
    this.write(startLine(this.fn.logFormat, requestId, this.fn.version), tail);
  }

  timeout(requestId: string, tail: LogTail): void {
    this.write(timeoutLine(requestId, this.fn.timeout), tail);
  }

  /** END and REPORT of an invocation that ended with `outcome`. */
  end(outcome: Outcome, figures: Omit<ReportFields, 'memorySizeMb' | 'status' | 'errorType'>, tail: LogTail): void {
    const status = outcome.status ?? (outcome.functionError ? 'error' : 'success');
    this.write(endLine(this.fn.logFormat, figures.requestId, status), tail);
    // One object shape for every REPORT: no spread, whatever the outcome.
    const fields: ReportFields = {
      requestId: figures.requestId,
      durationMs: figures.durationMs,
      memorySizeMb: this.fn.memorySize,
      maxMemoryUsedMb: figures.maxMemoryUsedMb,
      initDurationMs: figures.initDurationMs,
      initBilled: figures.initBilled,
      status: outcome.status,
      errorType: outcome.status === 'error' ? outcome.errorType : undefined,
    };
    this.write(reportLine(this.fn.logFormat, fields), tail);
  }

  close(): void {
    this.stream.close();
  }
}

/** The last 4 KB of an invocation's log, base64 (what Invoke returns as X-Amz-Log-Result). */
export function tailText(tail: string[]): string {
  const buf = Buffer.from(tail.join(''));
  return (buf.length > TAIL_BYTES ? buf.subarray(buf.length - TAIL_BYTES) : buf).toString('base64');
}
