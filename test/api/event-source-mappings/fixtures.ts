/** Shared pieces of the event source mapping API tests: sources made on moto, and exact answers. */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { GetEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { after } from 'node:test';
import type { Moto } from '../../support/moto.js';
import type { ExpectedError } from '../functions/fixtures.js';

export const ACCOUNT = '000000000000';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const mappingArn = (uuid: string | undefined) => `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:${uuid}`;

export const mappingNotFound: ExpectedError = {
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
};

export function body<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

/** Queues, streams and tables on moto, made with the SDK as a user would. */
export function motoSources(moto: Moto) {
  const sqs = new SQSClient(moto.clientOptions);
  // Kinesis speaks HTTP/2 by default; moto answers HTTP/1.1.
  const kinesis = new KinesisClient({ ...moto.clientOptions, requestHandler: new NodeHttpHandler() });
  const dynamodb = new DynamoDBClient(moto.clientOptions);
  after(() => { sqs.destroy(); kinesis.destroy(); dynamodb.destroy(); });
  return {
    async queue(name: string): Promise<string> {
      const attributes = name.endsWith('.fifo') ? { FifoQueue: 'true' } : undefined;
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, ...(attributes ? { Attributes: attributes } : {}) }));
      const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      return out.Attributes!.QueueArn!;
    },
    async stream(name: string): Promise<string> {
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      const out = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      return out.StreamDescriptionSummary!.StreamARN!;
    },
    async tableStream(name: string): Promise<string> {
      const out = await dynamodb.send(new CreateTableCommand({
        TableName: name, BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }));
      return out.TableDescription!.LatestStreamArn!;
    },
  };
}

type Client = Pick<LambdaClient, 'send'>;

/** Polls Get until the source manager has moved the mapping to `state` (generous: the machine is shared). */
export async function settledIn(client: Client, uuid: string | undefined, state: string, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const got = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (got.State === state) return got;
    if (Date.now() > until) throw new Error(`mapping ${uuid} still ${got.State}, not ${state}, after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls Get until the manager has removed a Deleting mapping. */
export async function removedIn(client: Client, uuid: string | undefined, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const got = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      if (Date.now() > until) throw new Error(`mapping ${uuid} still ${got.State} after ${ms} ms`);
    } catch (err) {
      if ((err as Error).name === 'ResourceNotFoundException') return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
