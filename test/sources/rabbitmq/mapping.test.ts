// Amazon MQ (RabbitMQ) mappings end to end: a real broker, moto's Secrets Manager, a real Lambkin and
// real functions. The event field by field, acknowledgement only after success, redelivery of a failed
// batch, batching, filtering and virtual hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startMoto } from '../../support/moto.js';
import { startRabbit } from '../../support/rabbitmq.js';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { arnOf } from '../../api/functions/fixtures.js';
import { deploy } from '../../api/invoke/helpers.js';
import {
  ALWAYS_FAILS, BROKER_ARN, FAILS_FIRST_DELIVERY, RECORDER, bodies, brokerMapping, brokerSecrets, createMapping, eventsUntil,
  getMapping, mappingStatus, setEnabled,
} from './harness.js';

const moto = await startMoto();
const rabbit = await startRabbit();
const server = await startLambkin({ env: moto.env, args: ['--mq-broker', `${BROKER_ARN}=${rabbit.url}`] });
const client: LambdaClient = server.client();
const secretArn = await brokerSecrets(moto).create('orders-broker-user', rabbit.user);
const channel = await (await rabbit.connect()).createChannel();

const depth = async (queue: string) => (await channel.checkQueue(queue)).messageCount;
/** Stops the mapping's poller: whatever it had not acknowledged goes back to the queue. */
async function assertAcknowledged(uuid: string, queue: string): Promise<void> {
  await setEnabled(client, uuid, false);
  assert.equal(await depth(queue), 0, `${queue}: every message acknowledged`);
}
const count = (events: Array<{ rmqMessagesByQueue: Record<string, unknown[]> }>) =>
  events.reduce((n, e) => n + Object.values(e.rmqMessagesByQueue).flat().length, 0);

test("the function gets AWS's event: every basic property, headers as the Java client shows them, base64 data", async () => {
  await deploy(client, 'shape', RECORDER);
  await channel.assertQueue('pizzaQueue');
  const uuid = await createMapping(client, brokerMapping('shape', 'pizzaQueue', secretArn));
  const mapping = await getMapping(client, uuid);
  assert.equal(mapping.FunctionArn, arnOf('shape'));
  const body = '{"timeout":0,"data":"CZrmf0Gw8Ov4bqLQxD4E"}';
  channel.sendToQueue('pizzaQueue', Buffer.from(body), {
    contentType: 'application/json', contentEncoding: 'utf-8', headers: { header1: 'value1', numberInHeader: 10 },
    deliveryMode: 2, priority: 5, correlationId: 'corr-1', replyTo: 'replies', expiration: '600000', messageId: 'msg-1',
    timestamp: 2021, type: 'order.created', userId: rabbit.user.username, appId: 'shop',
  });
  const [event] = await eventsUntil(server.url, 'shape', (e) => e.length === 1);
  assert.deepEqual(event, {
    eventSource: 'aws:rmq',
    eventSourceArn: BROKER_ARN,
    rmqMessagesByQueue: {
      'pizzaQueue::/': [{
        basicProperties: {
          contentType: 'application/json',
          contentEncoding: 'utf-8',
          headers: { header1: { bytes: [118, 97, 108, 117, 101, 49] }, numberInHeader: 10 },
          deliveryMode: 2,
          priority: 5,
          correlationId: 'corr-1',
          replyTo: 'replies',
          expiration: '600000',
          messageId: 'msg-1',
          timestamp: 'Jan 1, 1970, 12:33:41 AM',
          type: 'order.created',
          userId: rabbit.user.username,
          appId: 'shop',
          clusterId: null,
          bodySize: Buffer.byteLength(body),
        },
        redelivered: false,
        data: Buffer.from(body).toString('base64'),
      }],
    },
  });
  await until('LastProcessingResult says OK', async () => (await getMapping(client, uuid)).LastProcessingResult === 'OK');
  await assertAcknowledged(uuid, 'pizzaQueue');
});

test('a message without properties: each one null (headers are the empty table amqplib always sends)', async () => {
  await deploy(client, 'bare', RECORDER);
  await channel.assertQueue('bare');
  await createMapping(client, brokerMapping('bare', 'bare', secretArn));
  channel.sendToQueue('bare', Buffer.from('plain text'));
  const [event] = await eventsUntil(server.url, 'bare', (e) => e.length === 1);
  const [message] = event!.rmqMessagesByQueue['bare::/']!;
  assert.deepEqual(message!.basicProperties, {
    contentType: null, contentEncoding: null, headers: {}, deliveryMode: null, priority: null, correlationId: null,
    replyTo: null, expiration: null, messageId: null, timestamp: null, type: null, userId: null, appId: null, clusterId: null,
    bodySize: 10,
  });
  assert.equal(Buffer.from(message!.data, 'base64').toString(), 'plain text');
});

test('a failed batch is not acknowledged: it comes again with redelivered true, and goes once the function succeeds', async () => {
  await deploy(client, 'retry', FAILS_FIRST_DELIVERY);
  await channel.assertQueue('retry');
  const uuid = await createMapping(client, brokerMapping('retry', 'retry', secretArn));
  channel.sendToQueue('retry', Buffer.from('try me'));
  const events = await eventsUntil(server.url, 'retry', (e) => e.length >= 2);
  assert.deepEqual(events.slice(0, 2).map((e) => e.rmqMessagesByQueue['retry::/']!.map((m) => [Buffer.from(m.data, 'base64').toString(), m.redelivered])),
    [[['try me', false]], [['try me', true]]]);
  await until('LastProcessingResult says OK', async () => (await getMapping(client, uuid)).LastProcessingResult === 'OK');
  await assertAcknowledged(uuid, 'retry');
  assert.equal((await eventsUntil(server.url, 'retry', () => true)).length, 2, 'no delivery after the success');
});

test('a function that always fails keeps its message: it stays unacknowledged and is back in the queue once the mapping stops', async () => {
  await deploy(client, 'stuck', ALWAYS_FAILS);
  await channel.assertQueue('stuck');
  const uuid = await createMapping(client, brokerMapping('stuck', 'stuck', secretArn));
  channel.sendToQueue('stuck', Buffer.from('never done'));
  await eventsUntil(server.url, 'stuck', (e) => e.length >= 2);
  await until('LastProcessingResult says the call failed', async () => (await getMapping(client, uuid)).LastProcessingResult === 'PROBLEM: Function call failed');
  assert.equal(await depth('stuck'), 0, 'held by the poller while it retries');
  await setEnabled(client, uuid, false);
  await until('handed back to the broker', async () => (await depth('stuck')) === 1);
  await channel.purgeQueue('stuck');
});

test('batches hold up to BatchSize messages in order; the window gathers messages published apart', async () => {
  await deploy(client, 'batches', RECORDER);
  await channel.assertQueue('batches');
  for (let i = 0; i < 12; i++) channel.sendToQueue('batches', Buffer.from(`m${i}`));
  await until('published', async () => (await depth('batches')) === 12);
  const uuid = await createMapping(client, brokerMapping('batches', 'batches', secretArn, { BatchSize: 5, MaximumBatchingWindowInSeconds: 2 }));
  const events = await eventsUntil(server.url, 'batches', (e) => count(e) === 12);
  assert.deepEqual(events.map((e) => bodies(e, 'batches::/')), [['m0', 'm1', 'm2', 'm3', 'm4'], ['m5', 'm6', 'm7', 'm8', 'm9'], ['m10', 'm11']]);

  await setEnabled(client, uuid, false);
  await setEnabled(client, uuid, true);
  channel.sendToQueue('batches', Buffer.from('early'));
  await new Promise((r) => setTimeout(r, 500));
  channel.sendToQueue('batches', Buffer.from('late'));
  const after = await eventsUntil(server.url, 'batches', (e) => count(e) === 14);
  assert.deepEqual(bodies(after[3]!, 'batches::/'), ['early', 'late'], 'one batch within the 2 s window');
});

test('FilterCriteria on data: matching messages are delivered, the others acknowledged and dropped', async () => {
  await deploy(client, 'filtered', RECORDER);
  await channel.assertQueue('filtered');
  const uuid = await createMapping(client, brokerMapping('filtered', 'filtered', secretArn, {
    FilterCriteria: { Filters: [{ Pattern: '{"data":{"timeout":[{"numeric":[">",0]}]}}' }, { Pattern: '{"data":[{"prefix":"Result: "}]}' }] },
  }));
  for (const body of ['{"timeout":0}', '{"timeout":5}', 'Result: done', 'Other: text']) channel.sendToQueue('filtered', Buffer.from(body));
  const events = await eventsUntil(server.url, 'filtered', (e) => count(e) === 2);
  assert.deepEqual(events.flatMap((e) => bodies(e, 'filtered::/')), ['{"timeout":5}', 'Result: done']);
  await until('the invocations answered', async () => (await mappingStatus(server.url, uuid)).counts.invokedOk === events.length);
  await assertAcknowledged(uuid, 'filtered');
  const res = await fetch(`${server.url}/_lambkin/event-source-mappings/${uuid}`);
  const status = await res.json() as { counts: { received: number; filtered: number } };
  assert.deepEqual([status.counts.received, status.counts.filtered], [4, 2]);
});

test('a VIRTUAL_HOST mapping reads its queue in that virtual host and files its messages under queue::vhost', async () => {
  await rabbit.addVhost('shop');
  const shop = await (await rabbit.connect('shop')).createChannel();
  await shop.assertQueue('orders');
  await deploy(client, 'vhost', RECORDER);
  await createMapping(client, brokerMapping('vhost', 'orders', secretArn, {
    SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: secretArn }, { Type: 'VIRTUAL_HOST', URI: 'shop' }],
  }));
  shop.sendToQueue('orders', Buffer.from('from the shop'));
  const [event] = await eventsUntil(server.url, 'vhost', (e) => e.length === 1);
  assert.deepEqual(Object.keys(event!.rmqMessagesByQueue), ['orders::shop']);
  assert.deepEqual(bodies(event!, 'orders::shop'), ['from the shop']);
});
