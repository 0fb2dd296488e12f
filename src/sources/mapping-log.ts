/**
 * A mapping's lines in its function's log group, in a stream of its own
 * (`YYYY/MM/DD/[event-source-mapping]<uuid>`), in the function's log format. The stream is opened on
 * the first line and closed when the poller stops.
 */
import type { LogStore, LogStreamWriter } from '../engine/logs/store.js';
import { eventSourceMappingLine, logStreamName, type LogFormat } from '../engine/logs/platform.js';
import type { MetadataStore, Scope } from '../store/types.js';
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';

/** Where the function's logs go, read once per poller run from its configuration. */
export interface LogTarget { group: string; format: LogFormat }

/** The function's log group and format as configured now (AWS's default group once the function is gone). */
export async function logTargetOf(store: Pick<MetadataStore, 'get'>, scope: Scope, functionName: string): Promise<LogTarget> {
  const config = (await store.get<FunctionDoc>(FUNCTION_KIND, scope, functionName))?.doc.latest.config;
  return {
    group: config?.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`,
    format: config?.LoggingConfig?.LogFormat === 'JSON' ? 'JSON' : 'Text',
  };
}

/** The function's execution role, which stream records name (read here with the rest of what a run needs of the function). */
export async function functionRoleOf(store: Pick<MetadataStore, 'get'>, scope: Scope, functionName: string): Promise<string | undefined> {
  return (await store.get<FunctionDoc>(FUNCTION_KIND, scope, functionName))?.doc.latest.config.Role;
}

export class MappingLog {
  private writer: LogStreamWriter | undefined;

  constructor(
    private readonly logs: Pick<LogStore, 'openStream'>,
    private readonly scope: Scope,
    private readonly uuid: string,
    private readonly target: LogTarget,
  ) {}

  write(message: string): void {
    try {
      this.writer ??= this.logs.openStream(this.scope.accountId, this.scope.region, this.target.group, logStreamName('event-source-mapping', this.uuid));
      this.writer.write(eventSourceMappingLine(this.target.format, this.uuid, message));
    } catch (err) {
      console.error(`lambkin sources: could not write to the log of mapping ${this.uuid}: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
  }
}
