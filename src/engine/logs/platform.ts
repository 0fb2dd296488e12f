/** Lambda's own log lines (START / END / REPORT and the timeout notice) in Text or JSON log format. */
export type LogFormat = 'Text' | 'JSON';

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  /** False when the init ran ahead for provisioned concurrency: it is shown but not billed to the invoke. */
  initBilled?: boolean;
  /** 'timeout' or 'error' (with errorType) when the platform ended the invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
}

function json(type: string, record: Record<string, unknown>): string {
  return `${JSON.stringify({ time: new Date().toISOString(), type, record })}\n`;
}

export function startLine(format: LogFormat, requestId: string, version: string): string {
  if (format === 'JSON') return json('platform.start', { requestId, version });
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

export function endLine(format: LogFormat, requestId: string, status: string): string {
  if (format === 'JSON') return json('platform.runtimeDone', { requestId, status });
  return `END RequestId: ${requestId}\n`;
}

const printed = (ms: number): number => Number(ms.toFixed(2));

/**
 * Billed Duration: the Duration as printed (two decimals), rounded up to the next millisecond, at least 1.
 * Rounding the printed figures, not the raw ones, keeps them consistent: `Duration: 1000.00 ms` bills 1000.
 * Since August 2025 AWS bills the init phase of every function too, so a cold start's Init Duration is
 * added before rounding.
 */
export function billedMs(durationMs: number, initDurationMs?: number): number {
  const init = initDurationMs === undefined ? 0 : printed(initDurationMs);
  return Math.max(1, Math.ceil(Number((printed(durationMs) + init).toFixed(2))));
}

export function reportLine(format: LogFormat, r: ReportFields): string {
  const billed = billedMs(r.durationMs, r.initBilled === false ? undefined : r.initDurationMs);
  if (format === 'JSON') {
    const metrics: Record<string, number> = {
      durationMs: Number(r.durationMs.toFixed(2)),
      billedDurationMs: billed,
      memorySizeMB: r.memorySizeMb,
      maxMemoryUsedMB: r.maxMemoryUsedMb,
    };
    if (r.initDurationMs !== undefined) metrics.initDurationMs = Number(r.initDurationMs.toFixed(2));
    const record: Record<string, unknown> = { requestId: r.requestId, metrics, status: r.status ?? 'success' };
    if (r.errorType) record.errorType = r.errorType;
    return json('platform.report', record);
  }
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
    `Memory Size: ${r.memorySizeMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB\t`;
  if (r.initDurationMs !== undefined) line += `Init Duration: ${r.initDurationMs.toFixed(2)} ms\t`;
  if (r.status) line += `Status: ${r.status}\t`;
  if (r.errorType) line += `Error Type: ${r.errorType}\t`;
  return `${line}\n`;
}

/**
 * First line of an environment whose runtime's own version is not installed: which interpreter runs it.
 * Lambkin's own (AWS has no such case); in JSON format a record of its own type.
 */
export function standInLine(format: LogFormat, runtime: string, standIn: { name: string; interpreter: string }): string {
  if (format === 'JSON') return json('lambkin.runtimeStandIn', { runtime, runsOn: standIn.name, interpreter: standIn.interpreter });
  return `LAMBKIN: ${runtime} is not installed on this host: this environment runs on ${standIn.name} (${standIn.interpreter})\n`;
}

/** "1.00": Lambda prints the configured timeout in seconds with two decimals. */
export function timeoutText(timeoutSeconds: number): string {
  return `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

export function timeoutLine(requestId: string, timeoutSeconds: number): string {
  return `${new Date().toISOString()} ${requestId} ${timeoutText(timeoutSeconds)}\n`;
}

/** Log stream of one environment: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
export function logStreamName(version: string, environmentId: string, now = new Date()): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${environmentId}`;
}

/**
 * A line of an event source mapping's poller in its function's log (a batch it gave up on, a source it
 * cannot read): Lambkin's own, tagged with the mapping's UUID; in JSON format a record of its own type.
 */
export function eventSourceMappingLine(format: LogFormat, uuid: string, message: string): string {
  if (format === 'JSON') return json('lambkin.eventSourceMapping', { eventSourceMappingUUID: uuid, message });
  return `EVENT SOURCE MAPPING ${uuid}: ${message}\n`;
}
