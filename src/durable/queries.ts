/** Reading executions: GetDurableExecution, GetDurableExecutionHistory, ListDurableExecutionsByFunction. */
import type {
  Event, Execution, GetDurableExecutionHistoryRequest, GetDurableExecutionHistoryResponse, GetDurableExecutionResponse,
  ListDurableExecutionsByFunctionRequest, ListDurableExecutionsByFunctionResponse,
} from '../model/types.generated.js';
import type { MetadataStore, Scope } from '../store/types.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { EVENT_KIND, EXECUTION_KIND, type ExecutionDoc } from './records.js';
import { addressOf, executionNotFound } from './lookup.js';
import { seconds, withoutData } from './history.js';

const DEFAULT_PAGE = 100;

/** Offsets as markers: what a page of an ordered listing continues from. */
function page<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; next?: string } {
  const start = marker === undefined ? 0 : Number(marker);
  if (!/^\d+$/.test(marker ?? '0') || start > items.length) throw new InvalidParameterValueException('Invalid Marker', { type: 'User' });
  const size = maxItems || DEFAULT_PAGE;
  const slice = items.slice(start, start + size);
  return start + size < items.length ? { items: slice, next: String(start + size) } : { items: slice };
}

async function executionOf(store: MetadataStore, caller: Scope, arn: string, action: string): Promise<{ scope: Scope; key: string; exec: ExecutionDoc }> {
  const address = await addressOf(arn, caller, action);
  const stored = await store.get<ExecutionDoc>(EXECUTION_KIND, address.scope, address.key);
  if (!stored) throw executionNotFound();
  return { scope: address.scope, key: address.key, exec: stored.doc };
}

export async function getExecution(store: MetadataStore, caller: Scope, arn: string, includeData = true): Promise<GetDurableExecutionResponse> {
  const { exec } = await executionOf(store, caller, arn, 'GetDurableExecution');
  const out: GetDurableExecutionResponse = {
    DurableExecutionArn: exec.arn,
    DurableExecutionName: exec.name,
    FunctionArn: exec.functionArn,
    StartTimestamp: seconds(exec.startedAt),
    Status: exec.status,
    Version: exec.version,
    DurableConfig: exec.config,
  };
  if (exec.endedAt !== undefined) out.EndTimestamp = seconds(exec.endedAt);
  if (includeData) {
    out.InputPayload = exec.input;
    if (exec.result !== undefined) out.Result = exec.result;
    if (exec.error !== undefined) out.Error = exec.error;
  }
  out.ExecutionDataIncluded = includeData;
  return out;
}

export async function executionHistory(store: MetadataStore, caller: Scope, input: GetDurableExecutionHistoryRequest): Promise<GetDurableExecutionHistoryResponse> {
  const { scope, key } = await executionOf(store, caller, input.DurableExecutionArn, 'GetDurableExecutionHistory');
  const events = (await store.list<Event>(EVENT_KIND, scope, { parent: key })).map((row) => row.doc);
  if (input.ReverseOrder) events.reverse();
  const { items, next } = page(events, input.Marker, input.MaxItems);
  const shown = input.IncludeExecutionData === false ? items.map(withoutData) : items;
  return next ? { Events: shown, NextMarker: next } : { Events: shown };
}

function timeOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (Number.isNaN(ms)) throw new InvalidParameterValueException(`Invalid timestamp: ${String(value)}`, { type: 'User' });
  return ms;
}

export async function listExecutions(store: MetadataStore, scope: Scope, functionName: string, input: ListDurableExecutionsByFunctionRequest): Promise<ListDurableExecutionsByFunctionResponse> {
  if ((input.Statuses?.length ?? 0) > 1) throw new InvalidParameterValueException('Cannot filter by more than one status', { type: 'User' });
  // Without a qualifier, the executions of every version.
  const version = input.Qualifier;
  const after = timeOf(input.StartedAfter);
  const before = timeOf(input.StartedBefore);
  const status = input.Statuses?.[0];
  const matching = (await store.list<ExecutionDoc>(EXECUTION_KIND, scope, { parent: functionName }))
    .map((row) => row.doc)
    .filter((exec) => (version === undefined || exec.version === version)
      && (input.DurableExecutionName === undefined || exec.name === input.DurableExecutionName)
      && (status === undefined || exec.status === status)
      && (after === undefined || exec.startedAt > after)
      && (before === undefined || exec.startedAt < before));
  // Newest first unless asked otherwise; ties keep a stable order by ARN.
  matching.sort((a, b) => b.startedAt - a.startedAt || a.arn.localeCompare(b.arn));
  if (input.ReverseOrder) matching.reverse();
  const { items, next } = page(matching, input.Marker, input.MaxItems);
  const DurableExecutions = items.map((exec): Execution => ({
    DurableExecutionArn: exec.arn,
    DurableExecutionName: exec.name,
    FunctionArn: exec.functionArn,
    Status: exec.status,
    StartTimestamp: seconds(exec.startedAt),
    ...(exec.endedAt !== undefined ? { EndTimestamp: seconds(exec.endedAt) } : {}),
  }));
  return next ? { DurableExecutions, NextMarker: next } : { DurableExecutions };
}
