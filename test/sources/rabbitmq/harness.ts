/**
 * What the RabbitMQ end-to-end tests share: a real broker, moto for Secrets Manager (and MQ), a real
 * Lambkin with `--mq-broker` pointing a broker ARN at the broker, functions that log every event they
 * get, and mappings created through the Lambda API and waited on until they run.
 */
import {
  CreateEventSourceMappingCommand, GetEventSourceMappingCommand, UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput, type GetEventSourceMappingCommandOutput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { after } from 'node:test';
import { functionLog } from '../../api/invoke/helpers.js';
import type { Moto } from '../../support/moto.js';
import { EVENTUALLY_MS, until } from '../../support/timing.js';

export const BROKER_ARN = 'arn:aws:mq:us-east-1:000000000000:broker:orders:b-0a1b2c3d-4e5f-6789-abcd-ef0123456789';

export interface RabbitMessage {
  basicProperties: Record<string, unknown>;
  redelivered: boolean;
  data: string;
}

export interface RabbitEvent {
  eventSource: string;
  eventSourceArn: string;
  rmqMessagesByQueue: Record<string, RabbitMessage[]>;
}

/** Logs each event as one `EVENT <json>` line. */
export const RECORDER = { 'index.js': 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return null; };' };

/** Logs each event; fails while any of its messages is on its first delivery. */
export const FAILS_FIRST_DELIVERY = {
  'index.js': [
    'exports.handler = async (event) => {',
    '  console.log("EVENT " + JSON.stringify(event));',
    '  const messages = Object.values(event.rmqMessagesByQueue).flat();',
    '  if (messages.some((m) => !m.redelivered)) throw new Error("first delivery fails");',
    '  return null;',
    '};',
  ].join('\n'),
};

/** Logs each event, then fails. */
export const ALWAYS_FAILS = {
  'index.js': 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); throw new Error("always fails"); };',
};

/** Logs each event; a first delivery then takes a minute (a busy function), a redelivery returns at once. */
export const SLOW_FIRST_DELIVERY = {
  'index.js': [
    'exports.handler = async (event) => {',
    '  console.log("EVENT " + JSON.stringify(event));',
    '  const messages = Object.values(event.rmqMessagesByQueue).flat();',
    '  if (messages.some((m) => !m.redelivered)) await new Promise((r) => setTimeout(r, 60000));',
    '  return null;',
    '};',
  ].join('\n'),
};

/** Every event the function logged, in the order it got them. */
export async function deliveredEvents(baseUrl: string, name: string): Promise<RabbitEvent[]> {
  const lines = await functionLog(baseUrl, name);
  return lines
    .map((l) => l.message)
    .filter((m) => m.includes('EVENT {'))
    .map((m) => JSON.parse(m.slice(m.indexOf('EVENT {') + 'EVENT '.length).trim()) as RabbitEvent);
}

/** Polls the function's events until `done` holds for them; returns them. */
export async function eventsUntil(baseUrl: string, name: string, done: (events: RabbitEvent[]) => boolean, ms = EVENTUALLY_MS): Promise<RabbitEvent[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = await deliveredEvents(baseUrl, name);
    if (done(events)) return events;
    if (Date.now() > deadline) throw new Error(`condition not met in time; ${name} got ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The bodies of an event's messages under `key`, decoded. */
export function bodies(event: RabbitEvent, key: string): string[] {
  return (event.rmqMessagesByQueue[key] ?? []).map((m) => Buffer.from(m.data, 'base64').toString());
}

export async function getMapping(client: LambdaClient, uuid: string): Promise<GetEventSourceMappingCommandOutput> {
  return client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
}

export async function waitForState(client: LambdaClient, uuid: string, state: string): Promise<void> {
  await until(`mapping ${uuid} is ${state}`, async () => (await getMapping(client, uuid)).State === state);
}

/** Creates the mapping and waits until the manager says it is Enabled (its poller runs). */
export async function createMapping(client: LambdaClient, input: CreateEventSourceMappingCommandInput): Promise<string> {
  const created = await client.send(new CreateEventSourceMappingCommand(input));
  await waitForState(client, created.UUID!, 'Enabled');
  return created.UUID!;
}

export async function setEnabled(client: LambdaClient, uuid: string, enabled: boolean): Promise<void> {
  await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: enabled }));
  await waitForState(client, uuid, enabled ? 'Enabled' : 'Disabled');
}

/** The mapping's settings for `queue` on the broker, signing in with `secretArn`. */
export function brokerMapping(functionName: string, queue: string, secretArn: string, extra: Partial<CreateEventSourceMappingCommandInput> = {}): CreateEventSourceMappingCommandInput {
  return {
    FunctionName: functionName, EventSourceArn: BROKER_ARN, Queues: [queue], BatchSize: 10, MaximumBatchingWindowInSeconds: 1,
    SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: secretArn }], ...extra,
  };
}

/** Secrets on moto holding broker users, as a user stores them for Amazon MQ. */
export function brokerSecrets(moto: Moto) {
  const client = new SecretsManagerClient(moto.clientOptions);
  after(() => client.destroy());
  return {
    client,
    async create(name: string, user: { username: string; password: string }): Promise<string> {
      return (await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(user) }))).ARN!;
    },
  };
}

/** What the status endpoint shows of one mapping. */
export async function mappingStatus(baseUrl: string, uuid: string): Promise<{ sourceProblem: string | null; counts: Record<string, number>; lagMs: number }> {
  const res = await fetch(new URL(`/_lambkin/event-source-mappings/${uuid}`, baseUrl));
  return await res.json() as { sourceProblem: string | null; counts: Record<string, number>; lagMs: number };
}
