/**
 * What the DynamoDB Streams end-to-end tests share: moto for DynamoDB (and SQS, S3 as destinations), a
 * real Lambkin reading the stream through moto, functions that log every event they get, and mappings
 * created through the Lambda API and waited on until they run.
 */
import {
  CreateEventSourceMappingCommand, GetEventSourceMappingCommand, UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand, type AttributeValue, type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { functionLog } from '../../api/invoke/helpers.js';
import type { Moto } from '../../support/moto.js';
import { EVENTUALLY_MS } from '../../support/timing.js';

export type Item = Record<string, AttributeValue>;

export class Tables {
  readonly ddb: DynamoDBClient;
  constructor(moto: Moto) {
    this.ddb = new DynamoDBClient(moto.clientOptions);
  }

  /** A table keyed by `key` (a string) streaming `viewType`; returns its stream's ARN. */
  async create(name: string, viewType: StreamViewType = 'NEW_AND_OLD_IMAGES', key = 'id'): Promise<string> {
    const out = await this.ddb.send(new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }));
    return out.TableDescription!.LatestStreamArn!;
  }

  async put(table: string, item: Item): Promise<void> {
    await this.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
  }

  async delete(table: string, key: Item): Promise<void> {
    await this.ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
  }

  destroy(): void {
    this.ddb.destroy();
  }
}

/** Logs each event as one `EVENT <json>` line; answers `answer` (JSON) if given. */
export function recorderFunction(answer = 'null'): Record<string, string> {
  return { 'index.js': `exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return ${answer}; };` };
}

/** Logs each event, then fails (Unhandled). */
export const FAILING_FUNCTION = {
  'index.js': 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); throw new Error("intentional failure"); };',
};

/** Logs each event and reports as failed every record whose item has should_fail true. */
export const REPORTING_FUNCTION = {
  'index.js': [
    'exports.handler = async (event) => {',
    '  console.log("EVENT " + JSON.stringify(event));',
    '  const failed = event.Records.filter((r) => r.dynamodb.NewImage && r.dynamodb.NewImage.should_fail && r.dynamodb.NewImage.should_fail.BOOL);',
    '  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };',
    '};',
  ].join('\n'),
};

export interface DeliveredEvent { Records: Array<Record<string, any>> }

/** Every event the function logged, in the order it got them. */
export async function deliveredEvents(baseUrl: string, name: string): Promise<DeliveredEvent[]> {
  const lines = await functionLog(baseUrl, name);
  return lines
    .map((l) => l.message)
    .filter((m) => m.includes('EVENT {'))
    .map((m) => JSON.parse(m.slice(m.indexOf('EVENT {') + 'EVENT '.length).trim()) as DeliveredEvent);
}

/** Polls the function's events until `done` holds for them; returns them. */
export async function eventsUntil(
  baseUrl: string, name: string, done: (events: DeliveredEvent[]) => boolean, ms = EVENTUALLY_MS,
): Promise<DeliveredEvent[]> {
  const until = Date.now() + ms;
  for (;;) {
    const events = await deliveredEvents(baseUrl, name);
    if (done(events)) return events;
    if (Date.now() > until) throw new Error(`condition not met in time; ${name} got ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keys (the `id` attribute) of every record delivered, in delivery order. */
export function deliveredIds(events: DeliveredEvent[], key = 'id'): string[] {
  return events.flatMap((e) => e.Records.map((r) => r.dynamodb.Keys[key].S as string));
}

export async function waitForState(client: LambdaClient, uuid: string, state: string): Promise<void> {
  const until = Date.now() + EVENTUALLY_MS;
  for (;;) {
    const got = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (got.State === state) return;
    if (Date.now() > until) throw new Error(`mapping ${uuid} is still ${got.State}, not ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates the mapping and waits until the manager says it is Enabled (its poller runs). */
export async function createMapping(client: LambdaClient, input: CreateEventSourceMappingCommandInput): Promise<string> {
  const created = await client.send(new CreateEventSourceMappingCommand(input));
  await waitForState(client, created.UUID!, 'Enabled');
  return created.UUID!;
}

/** Turns the mapping off or on and waits until the manager has settled it. */
export async function setEnabled(client: LambdaClient, uuid: string, enabled: boolean): Promise<void> {
  await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: enabled }));
  await waitForState(client, uuid, enabled ? 'Enabled' : 'Disabled');
}
