/**
 * DynamoDB Streams for the shared stream poller: shards from DescribeStream, iterators and records
 * from GetShardIterator and GetRecords, through the endpoint, credentials and region Lambkin's other
 * outbound calls use (AWS_ENDPOINT_URL_DYNAMODB_STREAMS or AWS_ENDPOINT_URL for an emulator).
 */
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand,
  type _Record as StreamRecord, type GetShardIteratorInput,
} from '@aws-sdk/client-dynamodb-streams';
import { outboundClientOptions } from '../../outbound/credentials.js';
import { dynamodbFilterCandidate } from '../filter/index.js';
import type { RecordsPage, ShardInfo, ShardPosition, StreamAdapter } from '../streams/adapter.js';
import { parseStreamArn } from './arn.js';
import { toEventRecord } from './event-record.js';
import { TimestampStarts } from './timestamp-start.js';

export type { StreamRecord };

/** What the adapter sends through: the SDK client, or a stand-in in unit tests. */
export interface StreamsClient {
  send: DynamoDBStreamsClient['send'];
}

/** GetRecords returns at most 1,000 records; DescribeStream at most 100 shards a page. */
const MAX_RECORDS_PER_READ = 1000;
const SHARDS_PER_PAGE = 100;

/** The poller has its own retries and backoff: a read that fails should say so soon. */
const CLIENT_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 } };

const clients = new Map<string, DynamoDBStreamsClient>();

function clientFor(region: string): DynamoDBStreamsClient {
  let client = clients.get(region);
  if (!client) {
    client = new DynamoDBStreamsClient({ region, ...outboundClientOptions('dynamodbstreams'), ...CLIENT_OPTIONS });
    clients.set(region, client);
  }
  return client;
}

function iteratorRequest(position: ShardPosition): Pick<GetShardIteratorInput, 'ShardIteratorType' | 'SequenceNumber'> {
  switch (position.type) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      return { ShardIteratorType: position.type };
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER':
      return { ShardIteratorType: position.type, SequenceNumber: position.sequenceNumber };
    case 'AT_TIMESTAMP':
      // DynamoDB has none (see timestamp-start.ts): read from the start, what came before is left out.
      return { ShardIteratorType: 'TRIM_HORIZON' };
  }
}

export interface DynamoDbStreamsAdapterOptions {
  streamArn: string;
  client?: StreamsClient;
}

export function dynamoDbStreamsAdapter(options: DynamoDbStreamsAdapterOptions): StreamAdapter<StreamRecord> {
  const { streamArn } = options;
  const arn = parseStreamArn(streamArn);
  if (!arn) throw new Error(`not a DynamoDB stream ARN: ${streamArn}`);
  const client = options.client ?? clientFor(arn.region);
  const createdAt = (record: StreamRecord) => record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now();
  const timestampStarts = new TimestampStarts(createdAt);

  return {
    eventSource: 'aws:dynamodb',

    async listShards(signal) {
      const shards: ShardInfo[] = [];
      let exclusiveStartShardId: string | undefined;
      do {
        const out = await client.send(new DescribeStreamCommand({
          StreamArn: streamArn, Limit: SHARDS_PER_PAGE, ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
        }), { abortSignal: signal });
        const description = out.StreamDescription;
        for (const shard of description?.Shards ?? []) {
          if (!shard.ShardId) continue;
          const ending = shard.SequenceNumberRange?.EndingSequenceNumber;
          shards.push({
            shardId: shard.ShardId,
            ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
            ...(ending ? { endingSequenceNumber: ending } : {}),
          });
        }
        exclusiveStartShardId = description?.LastEvaluatedShardId;
      } while (exclusiveStartShardId);
      return shards;
    },

    async iterator(shardId, position, signal) {
      const out = await client.send(new GetShardIteratorCommand({
        StreamArn: streamArn, ShardId: shardId, ...iteratorRequest(position),
      }), { abortSignal: signal });
      if (!out.ShardIterator) throw new Error(`GetShardIterator gave no iterator for ${shardId} of ${streamArn}`);
      if (position.type === 'AT_TIMESTAMP') timestampStarts.starting(out.ShardIterator, position.timestamp);
      return out.ShardIterator;
    },

    async read(iterator, limit, signal): Promise<RecordsPage<StreamRecord>> {
      const out = await client.send(new GetRecordsCommand({
        ShardIterator: iterator, Limit: Math.max(1, Math.min(MAX_RECORDS_PER_READ, limit)),
      }), { abortSignal: signal });
      // DynamoDB does not say how far behind a read is: the poller estimates it from arrival times.
      const page = { records: out.Records ?? [], ...(out.NextShardIterator ? { nextIterator: out.NextShardIterator } : {}) };
      return timestampStarts.page(iterator, page);
    },

    sequenceNumber(record) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      if (sequenceNumber === undefined) throw new Error(`a record of ${streamArn} has no sequence number`);
      return sequenceNumber;
    },

    // Every stream record has its time; one without would otherwise count as infinitely old.
    arrivalTime: createdAt,

    eventRecord(record) {
      return toEventRecord(record, { streamArn, region: arn.region });
    },

    // AWS filters DynamoDB records as the function would see them: `eventName`, `dynamodb.NewImage.x.S`, …
    filterCandidate(eventRecord) {
      return dynamodbFilterCandidate(eventRecord);
    },
  };
}
