/**
 * Shared pieces of the Kinesis source tests: streams on moto, functions that log every event they get
 * (one `EVENT <json>` line each, read back through Lambkin's log endpoint), and mappings waited on
 * until Enabled.
 */
import { after } from 'node:test';
import {
  CreateEventSourceMappingCommand, CreateFunctionCommand, GetEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, PutRecordCommand, type PutRecordCommandOutput,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Moto } from '../../support/moto.js';
import { makeZip } from '../../support/zip.js';
import { functionLog } from '../../api/invoke/helpers.js';
import { until } from '../../support/timing.js';

export const ACCOUNT = '000000000000';
/** Not the role other tests use: the records must name the function's own. */
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/kinesis-reader`;
export const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** Logs the event; answers what `answer(event)` (a JS expression over `event`) gives, or throws when it gives an Error. */
export function loggingHandler(answer = 'null'): Record<string, string> {
  return {
    'index.js': `exports.handler = async (event) => {
  console.log("EVENT " + JSON.stringify(event));
  const out = (${answer});
  if (out instanceof Error) throw out;
  return out;
};`,
  };
}

export async function deployLogger(client: LambdaClient, name: string, answer?: string): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await makeZip(loggingHandler(answer)) },
  }));
}

export async function eventsOf(baseUrl: string, name: string): Promise<any[]> {
  const lines = await functionLog(baseUrl, name);
  return lines.map((l) => l.message).filter((m) => m.includes('EVENT {'))
    .map((m) => JSON.parse(m.slice(m.indexOf('EVENT {') + 'EVENT '.length).trim()));
}

/** Waits until the function has logged events holding `count` records in all; returns the events. */
export async function eventsWithRecords(baseUrl: string, name: string, count: number, ms?: number): Promise<any[]> {
  let events: any[] = [];
  await until(`${name} got ${count} records`, async () => {
    events = await eventsOf(baseUrl, name);
    return events.reduce((n, e) => n + (e.Records?.length ?? 0), 0) >= count;
  }, ms);
  return events;
}

export const dataOf = (record: any): any => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));

export class Streams {
  readonly kinesis: KinesisClient;
  constructor(moto: Moto) {
    // Kinesis speaks HTTP/2 by default; moto answers HTTP/1.1.
    this.kinesis = new KinesisClient({ ...moto.clientOptions, requestHandler: new NodeHttpHandler() });
    after(() => this.kinesis.destroy());
  }

  async create(name: string, shards = 1): Promise<string> {
    await this.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    const out = await this.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return out.StreamDescriptionSummary!.StreamARN!;
  }

  put(stream: string, data: unknown, partitionKey = 'pk', explicitHashKey?: string): Promise<PutRecordCommandOutput> {
    return this.kinesis.send(new PutRecordCommand({
      StreamName: stream, Data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)), PartitionKey: partitionKey,
      ...(explicitHashKey ? { ExplicitHashKey: explicitHashKey } : {}),
    }));
  }

  /** A hash key inside each shard's range, to put records on a shard of choice. */
  async hashKeys(stream: string): Promise<Map<string, string>> {
    const out = await this.kinesis.send(new ListShardsCommand({ StreamName: stream }));
    return new Map((out.Shards ?? []).map((s) => [s.ShardId!, s.HashKeyRange!.StartingHashKey!]));
  }
}

export async function createMapping(client: LambdaClient, input: CreateEventSourceMappingCommandInput): Promise<string> {
  const out = await client.send(new CreateEventSourceMappingCommand({ StartingPosition: 'TRIM_HORIZON', ...input }));
  const uuid = out.UUID!;
  await until('the mapping is Enabled', async () => (await client.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State === 'Enabled');
  return uuid;
}

/** The mapping's row on the status endpoint. */
export async function mappingStatus(baseUrl: string, uuid: string): Promise<any> {
  const res = await fetch(`${baseUrl}/_lambkin/event-source-mappings/${uuid}`);
  return res.json();
}
