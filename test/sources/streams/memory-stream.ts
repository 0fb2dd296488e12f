/**
 * An in-memory stream behind the StreamAdapter interface and a PollerContext that records what the
 * poller does, so the shared shard poller's rules can be checked without a stream service or a server.
 */
import type { BatchInvokeResult, CheckpointStore, MappingView, PollerContext, PollerReport } from '../../../src/sources/types.js';
import type { RecordsPage, ShardInfo, ShardPosition, StreamAdapter } from '../../../src/sources/streams/adapter.js';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';

export interface MemoryRecord { shardId: string; sequenceNumber: string; partitionKey: string; data: string; arrival: number }

interface MemoryShard { info: ShardInfo; records: MemoryRecord[]; closed: boolean }

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/memory';

export class MemoryStream implements StreamAdapter<MemoryRecord> {
  readonly eventSource = 'aws:kinesis';
  readonly shards = new Map<string, MemoryShard>();
  private sequence = 0;
  /** Set to make every call fail, as an unreachable stream does. */
  failing: Error | undefined;
  reads = 0;

  constructor(shardCount = 1) {
    for (let i = 0; i < shardCount; i++) this.addShard();
  }

  addShard(parents: string[] = []): string {
    const shardId = `shardId-${String(this.shards.size).padStart(12, '0')}`;
    this.shards.set(shardId, {
      info: { shardId, ...(parents[0] ? { parentShardId: parents[0] } : {}), ...(parents[1] ? { adjacentParentShardId: parents[1] } : {}) },
      records: [], closed: false,
    });
    return shardId;
  }

  put(shardId: string, data: unknown, partitionKey = 'pk', arrival = Date.now()): MemoryRecord {
    const shard = this.shards.get(shardId)!;
    if (shard.closed) throw new Error(`${shardId} is closed`);
    const record = { shardId, sequenceNumber: String(++this.sequence), partitionKey, data: JSON.stringify(data), arrival };
    shard.records.push(record);
    return record;
  }

  /** Closes the shard and opens two children. */
  split(shardId: string): [string, string] {
    const shard = this.shards.get(shardId)!;
    shard.closed = true;
    const last = shard.records[shard.records.length - 1];
    shard.info = { ...shard.info, endingSequenceNumber: last?.sequenceNumber ?? '0' };
    return [this.addShard([shardId]), this.addShard([shardId])];
  }

  async listShards(): Promise<ShardInfo[]> {
    if (this.failing) throw this.failing;
    return [...this.shards.values()].map((s) => ({ ...s.info }));
  }

  async iterator(shardId: string, position: ShardPosition): Promise<string> {
    if (this.failing) throw this.failing;
    const records = this.shards.get(shardId)!.records;
    let index = 0;
    switch (position.type) {
      case 'TRIM_HORIZON': index = 0; break;
      case 'LATEST': index = records.length; break;
      case 'AT_TIMESTAMP': index = records.findIndex((r) => r.arrival >= position.timestamp.getTime()); break;
      case 'AT_SEQUENCE_NUMBER': index = records.findIndex((r) => r.sequenceNumber === position.sequenceNumber); break;
      case 'AFTER_SEQUENCE_NUMBER': index = records.findIndex((r) => r.sequenceNumber === position.sequenceNumber) + 1; break;
    }
    return `${shardId} ${index < 0 ? records.length : index}`;
  }

  async read(iterator: string, limit: number): Promise<RecordsPage<MemoryRecord>> {
    if (this.failing) throw this.failing;
    this.reads += 1;
    const [shardId, at] = iterator.split(' ') as [string, string];
    const shard = this.shards.get(shardId)!;
    const start = Number(at);
    const records = shard.records.slice(start, start + limit);
    const next = start + records.length;
    const ended = shard.closed && next >= shard.records.length;
    return { records, ...(ended ? {} : { nextIterator: `${shardId} ${next}` }), millisBehindLatest: 0 };
  }

  sequenceNumber(record: MemoryRecord): string { return record.sequenceNumber; }
  arrivalTime(record: MemoryRecord): number { return record.arrival; }

  eventRecord(record: MemoryRecord): Record<string, unknown> {
    return {
      kinesis: { partitionKey: record.partitionKey, sequenceNumber: record.sequenceNumber, data: record.data },
      eventSource: 'aws:kinesis',
      eventID: `${record.shardId}:${record.sequenceNumber}`,
    };
  }

  filterCandidate(eventRecord: Record<string, unknown>): unknown {
    const kinesis = eventRecord.kinesis as { data: string };
    return { ...kinesis, data: JSON.parse(kinesis.data) };
  }
}

export class MemoryCheckpoints implements CheckpointStore {
  readonly values = new Map<string, unknown>();
  writes = 0;
  /** Set to make writes fail, as after a lost lease. */
  refuse = false;
  async get<T>(name: string): Promise<T | undefined> { return structuredClone(this.values.get(name)) as T | undefined; }
  async put(name: string, value: unknown): Promise<void> {
    if (this.refuse) throw new Error('lease lost');
    this.writes += 1;
    this.values.set(name, structuredClone(value));
  }
  async delete(name: string): Promise<void> { this.values.delete(name); }
  async list<T>(): Promise<Array<{ name: string; value: T }>> {
    return [...this.values].map(([name, value]) => ({ name, value: structuredClone(value) as T }));
  }
}

export interface Invocation { event: any; records: any[]; at: number }

export type Handler = (event: any, n: number) => unknown;

/** A function's answer: a value it returned, or thrown to fail. */
export function answer(value: unknown): BatchInvokeResult {
  return { kind: 'success', requestId: `req-${Math.random()}`, payload: Buffer.from(JSON.stringify(value ?? null)) };
}

export class Counters implements PollerReport {
  counts = { received: 0, filtered: 0, invoked: 0, discarded: 0 };
  lags: number[] = [];
  sourceErrors: Array<string | undefined> = [];
  received(n: number) { this.counts.received += n; }
  filtered(n: number) { this.counts.filtered += n; }
  invoked(n: number) { this.counts.invoked += n; }
  discarded(n: number) { this.counts.discarded += n; }
  lag(ms: number) { this.lags.push(ms); }
  sourceError(message: string | undefined) { this.sourceErrors.push(message); }
}

export class MemoryContext implements PollerContext {
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly invocations: Invocation[] = [];
  readonly failures: Array<{ destination: string; record: any; options?: { s3Key?: string } }> = [];
  readonly logs: string[] = [];
  readonly report = new Counters();
  mapping: MappingView;
  filter: (candidate: any) => boolean = () => true;
  handler: Handler = () => null;

  constructor(config: EventSourceMappingConfiguration, readonly checkpoints: MemoryCheckpoints = new MemoryCheckpoints()) {
    this.mapping = {
      uuid: 'mapping-uuid',
      scope: { accountId: '000000000000', region: 'us-east-1' },
      config: { EventSourceArn: STREAM_ARN, FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', StartingPosition: 'TRIM_HORIZON', ...config },
    };
  }

  async invoke(event: any): Promise<BatchInvokeResult> {
    this.invocations.push({ event, records: event.Records ?? [], at: Date.now() });
    try {
      const value = await this.handler(event, this.invocations.length);
      if (value && typeof value === 'object' && 'kind' in value) return value as BatchInvokeResult;
      return answer(value);
    } catch (err) {
      return { kind: 'function-error', requestId: `req-${this.invocations.length}`, payload: Buffer.from(JSON.stringify({ errorMessage: String(err) })), functionError: 'Unhandled' };
    }
  }

  matches(candidate: unknown): boolean { return this.filter(candidate); }

  async sendFailure(destination: string, record: unknown, options?: { s3Key?: string }): Promise<void> {
    this.failures.push({ destination, record, ...(options ? { options } : {}) });
  }

  log(message: string): void { this.logs.push(message); }

  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(true), ms);
      this.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(false); }, { once: true });
    });
  }

  /** Data of every record delivered, in delivery order. */
  delivered(): unknown[] {
    return this.invocations.flatMap((i) => i.records.map((r: any) => JSON.parse(r.kinesis.data)));
  }
}

export async function until<T>(probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
