// Amazon MQ (RabbitMQ) mappings when things go wrong, end to end: wrong credentials reported and
// recovered from, brokers resolved through DescribeBroker (moto's MQ) unless --mq-broker names them, a
// dropped connection reopened, and Lambkin killed mid-invoke losing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateBrokerCommand, MqClient } from '@aws-sdk/client-mq';
import { startMoto } from '../../support/moto.js';
import { startRabbit } from '../../support/rabbitmq.js';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import {
  BROKER_ARN, RECORDER, SLOW_FIRST_DELIVERY, bodies, brokerMapping, brokerSecrets, createMapping, eventsUntil, getMapping,
  mappingStatus, setEnabled,
} from './harness.js';

const moto = await startMoto();
const rabbit = await startRabbit();
const mq = new MqClient(moto.clientOptions);
/** A RabbitMQ broker moto describes (its endpoint is a host that does not resolve). */
async function motoBroker(name: string): Promise<string> {
  const { BrokerId } = await mq.send(new CreateBrokerCommand({
    BrokerName: name, EngineType: 'RABBITMQ', EngineVersion: '3.10.20', HostInstanceType: 'mq.t3.micro',
    DeploymentMode: 'SINGLE_INSTANCE', PubliclyAccessible: true, AutoMinorVersionUpgrade: true,
    Users: [{ Username: 'admin', Password: 'a-long-password' }],
  }));
  // Moto's BrokerArn leaves out the name; AWS's is broker:NAME:ID.
  return `arn:aws:mq:us-east-1:000000000000:broker:${name}:${BrokerId}`;
}
const described = await motoBroker('described');
const overridden = await motoBroker('overridden');
const server = await startLambkin({
  env: moto.env, args: ['--mq-broker', `${BROKER_ARN}=${rabbit.url}`, '--mq-broker', `${overridden}=${rabbit.url}`],
});
const client: LambdaClient = server.client();
const secrets = brokerSecrets(moto);
const secretArn = await secrets.create('broker-user', rabbit.user);
const channel = await (await rabbit.connect()).createChannel();

test('wrong credentials in the secret: the mapping says the broker refused the login, and reads once the secret is fixed', async () => {
  const wrongArn = await secrets.create('wrong-user', { username: rabbit.user.username, password: 'not-the-password' });
  await deploy(client, 'refused', RECORDER);
  await channel.assertQueue('refused');
  const uuid = await createMapping(client, brokerMapping('refused', 'refused', wrongArn));
  const refusal = new RegExp(`^EVENT_SOURCE_AUTHN_ERROR: the broker at 127\\.0\\.0\\.1:${rabbit.port} refused the login of user 'lambkin' from the BASIC_AUTH secret \\(.*ACCESS.REFUSED`);
  await until('the status shows the refusal', async () => refusal.test((await mappingStatus(server.url, uuid)).sourceProblem ?? ''));
  const problem = (await mappingStatus(server.url, uuid)).sourceProblem!;
  await until('LastProcessingResult says it', async () => (await getMapping(client, uuid)).LastProcessingResult === `PROBLEM: ${problem}`);
  channel.sendToQueue('refused', Buffer.from('waiting'));

  await secrets.client.send(new PutSecretValueCommand({ SecretId: wrongArn, SecretString: JSON.stringify(rabbit.user) }));
  const [event] = await eventsUntil(server.url, 'refused', (e) => e.length === 1, 60_000);
  assert.deepEqual(bodies(event!, 'refused::/'), ['waiting']);
  await until('OK once reading', async () => (await getMapping(client, uuid)).LastProcessingResult === 'OK');
  assert.equal((await mappingStatus(server.url, uuid)).sourceProblem, null);
});

test('a broker no --mq-broker names is resolved through DescribeBroker: its endpoint is the one tried', async () => {
  await deploy(client, 'described', RECORDER);
  const uuid = await createMapping(client, { ...brokerMapping('described', 'anything', secretArn), EventSourceArn: described });
  await until('the mapping reports the described endpoint', async () =>
    /^PROBLEM: cannot connect to broker at mockmq:5671: ENOTFOUND/.test((await getMapping(client, uuid)).LastProcessingResult ?? ''));

  const unknown = 'arn:aws:mq:us-east-1:000000000000:broker:unknown:b-00000000-0000-0000-0000-000000000000';
  const missing = await createMapping(client, { ...brokerMapping('described', 'anything', secretArn), EventSourceArn: unknown });
  await until('the mapping reports the unknown broker', async () => (await getMapping(client, missing)).LastProcessingResult?.startsWith(
    `PROBLEM: ESM_CONFIG_NOT_VALID: broker ${unknown} does not exist (DescribeBroker: `) === true);
  assert.match((await getMapping(client, missing)).LastProcessingResult!, new RegExp(`or map it to an AMQP URL with --mq-broker ${unknown}=amqp://HOST:PORT$`));
});

test('--mq-broker wins over DescribeBroker for the broker it names', async () => {
  await deploy(client, 'overridden', RECORDER);
  await channel.assertQueue('overridden');
  await createMapping(client, { ...brokerMapping('overridden', 'overridden', secretArn), EventSourceArn: overridden });
  channel.sendToQueue('overridden', Buffer.from('via the setting'));
  const [event] = await eventsUntil(server.url, 'overridden', (e) => e.length === 1);
  assert.equal(event!.eventSourceArn, overridden);
  assert.deepEqual(bodies(event!, 'overridden::/'), ['via the setting']);
});

test('a dropped connection is reported and reopened: messages published after it are delivered', async () => {
  await deploy(client, 'dropped', RECORDER);
  await channel.assertQueue('dropped');
  const uuid = await createMapping(client, brokerMapping('dropped', 'dropped', secretArn, { MaximumBatchingWindowInSeconds: 0 }));
  channel.sendToQueue('dropped', Buffer.from('before'));
  await eventsUntil(server.url, 'dropped', (e) => e.length === 1);
  await rabbit.ctl('close_all_connections', 'dropped by the test');
  const publisher = await (await rabbit.connect()).createChannel();
  publisher.sendToQueue('dropped', Buffer.from('after'));
  const events = await eventsUntil(server.url, 'dropped', (e) => e.length === 2, 60_000);
  assert.deepEqual(bodies(events[1]!, 'dropped::/'), ['after']);
  const status = await fetch(`${server.url}/_lambkin/event-source-mappings/${uuid}`).then((r) => r.json()) as { lastError: { message: string } | null };
  assert.match(status.lastError?.message ?? '', /^connection to broker at 127\.0\.0\.1:\d+ (closed|failed): .*CONNECTION.FORCED.*dropped by the test/);
});

test('Lambkin killed while the function runs: the unacknowledged message is redelivered after the restart', async () => {
  // The test's first connection was dropped with the others above.
  const again = await (await rabbit.connect()).createChannel();
  await deploy(client, 'killed', SLOW_FIRST_DELIVERY, { timeout: 90 });
  await again.assertQueue('killed');
  const uuid = await createMapping(client, brokerMapping('killed', 'killed', secretArn, { MaximumBatchingWindowInSeconds: 0 }));
  again.sendToQueue('killed', Buffer.from('in flight'));
  await eventsUntil(server.url, 'killed', (e) => e.length === 1);
  await server.stop('SIGKILL');
  await until('the message is back in the queue', async () => (await again.checkQueue('killed')).messageCount === 1);
  await server.restart();
  const events = await eventsUntil(server.url, 'killed', (e) => e.length === 2, 60_000);
  assert.deepEqual(events.map((e) => e.rmqMessagesByQueue['killed::/']!.map((m) => [Buffer.from(m.data, 'base64').toString(), m.redelivered])),
    [[['in flight', false]], [['in flight', true]]]);
  await until('the redelivery answered', async () => (await mappingStatus(server.url, uuid)).counts.invokedOk === 1);
  // The restarted server listens on another port.
  await setEnabled(server.client(), uuid, false);
  assert.equal((await again.checkQueue('killed')).messageCount, 0, 'acknowledged once the redelivery succeeded');
});
