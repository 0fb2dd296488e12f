/**
 * Kinesis Data Streams behind the shared shard poller: ListShards, GetShardIterator and GetRecords
 * through the SDK, with the ARN's region and Lambkin's outbound settings (AWS, or an emulator named by
 * AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL).
 */
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, type ListShardsCommandInput, type ShardIteratorType } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { outboundClientOptions } from '../../outbound/credentials.js';
import { kinesisFilterCandidate } from '../filter/index.js';
import type { RecordsPage, ShardInfo, ShardPosition, StreamAdapter } from '../streams/adapter.js';
import type { KinesisStreamArn } from './arn.js';
import { arrivalMs, toEventRecord, type EventRecordContext, type ShardRecord } from './event-record.js';

/** The iterator the poller holds names its shard too, since the records it reads must. */
const SEPARATOR = '|';

/** One client per region for every mapping and run, so a restarted poller opens no new connections. */
const clients = new Map<string, KinesisClient>();

function clientFor(region: string): KinesisClient {
  let client = clients.get(region);
  if (!client) {
    client = new KinesisClient({
      region,
      ...outboundClientOptions('kinesis'),
      // The client speaks HTTP/2 unless told otherwise, which plain-HTTP endpoints (emulators) refuse.
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    });
    clients.set(region, client);
  }
  return client;
}

export class KinesisAdapter implements StreamAdapter<ShardRecord> {
  readonly eventSource = 'aws:kinesis';
  private readonly client: KinesisClient;

  constructor(private readonly stream: KinesisStreamArn, private readonly context: EventRecordContext) {
    this.client = clientFor(stream.region);
  }

  async listShards(signal: AbortSignal): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = [];
    let token: string | undefined;
    do {
      // A follow-up page is asked by its token alone.
      const input: ListShardsCommandInput = token ? { NextToken: token } : { StreamName: this.stream.name };
      const page = await this.client.send(new ListShardsCommand(input), { abortSignal: signal });
      for (const shard of page.Shards ?? []) {
        if (!shard.ShardId) continue;
        shards.push({
          shardId: shard.ShardId,
          ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
          ...(shard.AdjacentParentShardId ? { adjacentParentShardId: shard.AdjacentParentShardId } : {}),
          ...(shard.SequenceNumberRange?.EndingSequenceNumber ? { endingSequenceNumber: shard.SequenceNumberRange.EndingSequenceNumber } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
    return shards;
  }

  async iterator(shardId: string, position: ShardPosition, signal: AbortSignal): Promise<string> {
    const answer = await this.client.send(new GetShardIteratorCommand({
      StreamName: this.stream.name,
      ShardId: shardId,
      ShardIteratorType: position.type as ShardIteratorType,
      ...('sequenceNumber' in position ? { StartingSequenceNumber: position.sequenceNumber } : {}),
      ...(position.type === 'AT_TIMESTAMP' ? { Timestamp: position.timestamp } : {}),
    }), { abortSignal: signal });
    return `${shardId}${SEPARATOR}${answer.ShardIterator ?? ''}`;
  }

  async read(iterator: string, limit: number, signal: AbortSignal): Promise<RecordsPage<ShardRecord>> {
    const at = iterator.indexOf(SEPARATOR);
    const shardId = iterator.slice(0, at);
    const answer = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator.slice(at + 1), Limit: limit }), { abortSignal: signal });
    return {
      records: (answer.Records ?? []).map((record) => ({ shardId, record })),
      ...(answer.NextShardIterator ? { nextIterator: `${shardId}${SEPARATOR}${answer.NextShardIterator}` } : {}),
      ...(answer.MillisBehindLatest !== undefined ? { millisBehindLatest: answer.MillisBehindLatest } : {}),
    };
  }

  sequenceNumber(record: ShardRecord): string {
    return record.record.SequenceNumber ?? '';
  }

  arrivalTime(record: ShardRecord): number {
    return arrivalMs(record.record);
  }

  eventRecord(record: ShardRecord): Record<string, unknown> {
    return toEventRecord(record, this.context);
  }

  /** The record's `kinesis` part, its data read as JSON when it is JSON. */
  filterCandidate(eventRecord: Record<string, unknown>): unknown {
    return kinesisFilterCandidate(eventRecord.kinesis as { data: string });
  }
}
