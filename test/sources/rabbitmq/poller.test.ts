// The RabbitMQ poller through its contract (src/sources/types.ts) against a real broker and a real
// Secrets Manager endpoint (moto): what it acknowledges, requeues, batches, filters and reports. The
// end-to-end tests (mapping.test.ts) drive the same poller through Lambkin with real functions.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';
import type { BatchInvokeResult, PollerContext } from '../../../src/sources/types.js';
import { rabbitmqSource } from '../../../src/sources/rabbitmq/index.js';
import { compileFilterCriteria } from '../../../src/sources/filter/index.js';
import { startMoto } from '../../support/moto.js';
import { startRabbit } from '../../support/rabbitmq.js';
import { until } from '../../support/timing.js';

const moto = await startMoto();
Object.assign(process.env, moto.env);
const rabbit = await startRabbit();
const BROKER = 'arn:aws:mq:us-east-1:000000000000:broker:orders:b-1111-2222';
/** The --mq-broker map the source is built with; a test may name more brokers in it. */
const brokers: Record<string, string> = { [BROKER]: rabbit.url };
const source = rabbitmqSource(brokers);
const secrets = new SecretsManagerClient(moto.clientOptions);
async function secret(name: string, value: unknown): Promise<string> {
  return (await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }))).ARN!;
}
const goodSecret = await secret('rabbit-user', rabbit.user);
const channel = await (await rabbit.connect()).createChannel();

type Event = { eventSource: string; eventSourceArn: string; rmqMessagesByQueue: Record<string, Array<{ redelivered: boolean; data: string }>> };

interface Run {
  events: Event[];
  errors: Array<string | undefined>;
  counts: { received: number; filtered: number; discarded: number; invoked: number };
  stop(): Promise<void>;
}

/** Runs the poller on `config`, `invoke` standing in for the function (the n-th call gets n), until `stop`. */
function runPoller(config: EventSourceMappingConfiguration, invoke: (n: number) => BatchInvokeResult | Promise<BatchInvokeResult>,
  matches: (candidate: unknown) => boolean = () => true): Run {
  const abort = new AbortController();
  const run: Run = { events: [], errors: [], counts: { received: 0, filtered: 0, discarded: 0, invoked: 0 }, stop: async () => {} };
  const ctx: PollerContext = {
    mapping: { uuid: `m-${run.events.length}-${Date.now()}`, scope: { accountId: '000000000000', region: 'us-east-1' }, config },
    signal: abort.signal,
    async invoke(event) {
      run.events.push(event as Event);
      return invoke(run.events.length);
    },
    matches,
    checkpoints: undefined as never,
    report: {
      received: (n) => { run.counts.received += n; },
      filtered: (n) => { run.counts.filtered += n; },
      invoked: (n) => { run.counts.invoked += n; },
      discarded: (n) => { run.counts.discarded += n; },
      lag: () => {},
      sourceError: (message) => { run.errors.push(message); },
    },
    sendFailure: async () => { throw new Error('MQ mappings have no failure destinations'); },
    log: () => {},
    sleep: (ms) => new Promise((resolve) => {
      const onAbort = () => { clearTimeout(timer); resolve(false); };
      const timer = setTimeout(() => { abort.signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
      abort.signal.addEventListener('abort', onAbort, { once: true });
    }),
  };
  const done = source.run(ctx);
  run.stop = async () => {
    abort.abort(new Error('stopped'));
    await done;
  };
  // A test that fails before its own stop must not leave its poller running.
  after(() => run.stop());
  return run;
}

function mapping(queue: string, extra: Partial<EventSourceMappingConfiguration> = {}, secretArn = goodSecret): EventSourceMappingConfiguration {
  return {
    EventSourceArn: BROKER, Queues: [queue], BatchSize: 10, MaximumBatchingWindowInSeconds: 0,
    SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: secretArn }], ...extra,
  };
}

const ok = (): BatchInvokeResult => ({ kind: 'success', requestId: 'r', payload: Buffer.from('null') });
const failed = (): BatchInvokeResult => ({ kind: 'function-error', requestId: 'r', payload: Buffer.from('{}'), functionError: 'Unhandled' });
const bodies = (event: Event, key: string) => event.rmqMessagesByQueue[key]!.map((m) => Buffer.from(m.data, 'base64').toString());
const depth = async (queue: string) => (await channel.checkQueue(queue)).messageCount;

test('handles MQ broker ARNs only', () => {
  assert.equal(source.handles({ EventSourceArn: BROKER }), true);
  assert.equal(source.handles({ EventSourceArn: 'arn:aws-cn:mq:cn-north-1:000000000000:broker:b:b-1' }), true);
  assert.equal(source.handles({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' }), false);
  assert.equal(source.handles({}), false);
});

test('a success acknowledges the batch: nothing is left in the queue, even after the poller stops', async () => {
  await channel.assertQueue('acked');
  const run = runPoller(mapping('acked'), ok);
  channel.sendToQueue('acked', Buffer.from('one'));
  await until('invoked and answered', () => run.counts.invoked === 1);
  assert.deepEqual(bodies(run.events[0]!, 'acked::/'), ['one']);
  assert.equal(run.errors.at(-1), undefined);
  await run.stop();
  assert.equal(await depth('acked'), 0);
});

test('a failed batch is requeued, comes again with redelivered set, and is acknowledged once it succeeds', async () => {
  await channel.assertQueue('retried');
  const run = runPoller(mapping('retried'), (n) => (n < 3 ? failed() : ok()));
  channel.sendToQueue('retried', Buffer.from('again'));
  await until('three invocations answered', () => run.events.length === 3 && run.counts.invoked === 3);
  assert.deepEqual(run.events.map((e) => e.rmqMessagesByQueue['retried::/']![0]!.redelivered), [false, true, true]);
  await run.stop();
  assert.equal(await depth('retried'), 0);
  assert.equal(run.events.length, 3, 'no invocation after the success');
});

test('a batch still being invoked when the poller stops goes back to the queue', async () => {
  await channel.assertQueue('held');
  const run = runPoller(mapping('held'), () => new Promise<BatchInvokeResult>(() => {}));
  channel.sendToQueue('held', Buffer.from('pending'));
  await until('invoked', () => run.events.length === 1);
  await run.stop();
  await until('message back in the queue', async () => (await depth('held')) === 1);
  await channel.purgeQueue('held');
});

test('batches hold up to BatchSize messages, in order; prefetch keeps the rest at the broker', async () => {
  await channel.assertQueue('batched');
  for (let i = 0; i < 7; i++) channel.sendToQueue('batched', Buffer.from(`m${i}`));
  await until('published', async () => (await depth('batched')) === 7);
  const run = runPoller(mapping('batched', { BatchSize: 3, MaximumBatchingWindowInSeconds: 1 }), ok);
  await until('all delivered and answered', () => run.counts.invoked === 7);
  assert.deepEqual(run.events.map((e) => bodies(e, 'batched::/')), [['m0', 'm1', 'm2'], ['m3', 'm4', 'm5'], ['m6']]);
  await run.stop();
  assert.equal(await depth('batched'), 0);
});

test('batches stop short of the 6 MB invoke payload; a message too large alone is acknowledged and dropped', async () => {
  await channel.assertQueue('large');
  // base64 makes 3 MB of body 4 MB of data: two of them do not fit one event; 5 MB alone does not fit either.
  const three = (c: string) => Buffer.alloc(3 * 1024 * 1024, c);
  channel.sendToQueue('large', three('a'));
  channel.sendToQueue('large', three('b'));
  channel.sendToQueue('large', Buffer.alloc(5 * 1024 * 1024, 'c'));
  channel.sendToQueue('large', Buffer.from('small'));
  await until('published', async () => (await depth('large')) === 4);
  const run = runPoller(mapping('large', { MaximumBatchingWindowInSeconds: 1 }), ok);
  await until('the fitting ones answered, the large one dropped', () => run.counts.invoked === 3 && run.counts.discarded === 1);
  const sizes = run.events.map((e) => e.rmqMessagesByQueue['large::/']!.map((m) => Buffer.from(m.data, 'base64').length));
  assert.deepEqual(sizes, [[3 * 1024 * 1024], [3 * 1024 * 1024], [5]]);
  for (const event of run.events) assert.ok(Buffer.byteLength(JSON.stringify(event)) <= 6_291_456);
  await run.stop();
  // The broker's count is asked on the test's own connection: it may answer before the acknowledgements
  // the poller's connection sent are counted, on a loaded machine with messages this large.
  await until('every message acknowledged', async () => (await depth('large')) === 0);
});

test('the batching window gathers messages published apart into one batch', async () => {
  await channel.assertQueue('windowed');
  const run = runPoller(mapping('windowed', { BatchSize: 100, MaximumBatchingWindowInSeconds: 3 }), ok);
  await until('consuming', async () => (await channel.checkQueue('windowed')).consumerCount === 1);
  channel.sendToQueue('windowed', Buffer.from('first'));
  await new Promise((r) => setTimeout(r, 300));
  channel.sendToQueue('windowed', Buffer.from('second'));
  await until('invoked', () => run.events.length === 1);
  assert.deepEqual(bodies(run.events[0]!, 'windowed::/'), ['first', 'second']);
  await run.stop();
});

test('messages the filter refuses are acknowledged without an invocation', async () => {
  await channel.assertQueue('filtered');
  const run = runPoller(mapping('filtered'), ok, compileFilterCriteria({ Filters: [{ Pattern: '{"data":{"keep":[true]}}' }] }, 'rabbitmq'));
  channel.sendToQueue('filtered', Buffer.from('{"keep":false}'));
  channel.sendToQueue('filtered', Buffer.from('{"keep":true}'));
  await until('kept one invoked', () => run.counts.invoked === 1 && run.counts.filtered === 1);
  assert.deepEqual(bodies(run.events[0]!, 'filtered::/'), ['{"keep":true}']);
  assert.equal(run.counts.received, 2);
  await run.stop();
  assert.equal(await depth('filtered'), 0);
});

test('a virtual host names the queue key and is where the queue is read', async () => {
  await rabbit.addVhost('shop');
  const shop = await (await rabbit.connect('shop')).createChannel();
  await shop.assertQueue('orders');
  const run = runPoller(mapping('orders', { SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: goodSecret }, { Type: 'VIRTUAL_HOST', URI: 'shop' }] }), ok);
  shop.sendToQueue('orders', Buffer.from('in shop'));
  await until('invoked', () => run.events.length === 1);
  assert.deepEqual(Object.keys(run.events[0]!.rmqMessagesByQueue), ['orders::shop']);
  await run.stop();
});

test('wrong credentials, a missing queue or virtual host, a missing secret and an unreachable broker are reported, and reading resumes once fixed', async () => {
  const wrong = runPoller(mapping('acked', {}, await secret('wrong-user', { username: rabbit.user.username, password: 'nope' })), ok);
  await until('auth error reported', () => wrong.errors.length > 0);
  assert.match(wrong.errors[0]!, /^EVENT_SOURCE_AUTHN_ERROR: the broker at 127\.0\.0\.1:\d+ refused the login of user 'lambkin'/);
  await wrong.stop();

  const missing = runPoller(mapping('no-such-queue'), ok);
  await until('queue error reported', () => missing.errors.length > 0);
  assert.equal(missing.errors[0], "ESM_CONFIG_NOT_VALID: queue 'no-such-queue' does not exist in virtual host '/'");
  await channel.assertQueue('no-such-queue');
  channel.sendToQueue('no-such-queue', Buffer.from('late'));
  await until('read once the queue exists', () => missing.events.length === 1, 60_000);
  assert.equal(missing.errors.at(-1), undefined, 'the error is cleared once reading again');
  await missing.stop();

  const noVhost = runPoller(mapping('acked', { SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: goodSecret }, { Type: 'VIRTUAL_HOST', URI: 'nowhere' }] }), ok);
  await until('vhost error reported', () => noVhost.errors.length > 0);
  assert.match(noVhost.errors[0]!, /^EVENT_SOURCE_AUTHZ_ERROR: the broker at 127\.0\.0\.1:\d+ refused virtual host 'nowhere' to user 'lambkin' \(it does not exist, or the user has no permissions on it\)$/);
  await noVhost.stop();

  const noSecret = runPoller(mapping('acked', {}, 'arn:aws:secretsmanager:us-east-1:000000000000:secret:absent-AbCdEf'), ok);
  await until('secret error reported', () => noSecret.errors.length > 0);
  assert.match(noSecret.errors[0]!, /^ESM_CONFIG_NOT_VALID: cannot read secret arn:aws:secretsmanager:us-east-1:000000000000:secret:absent-AbCdEf: ResourceNotFoundException/);
  await noSecret.stop();

  const elsewhere = 'arn:aws:mq:us-east-1:000000000000:broker:gone:b-3333';
  brokers[elsewhere] = 'amqp://127.0.0.1:1';
  const unreachable = runPoller({ ...mapping('acked'), EventSourceArn: elsewhere }, ok);
  await until('connection error reported', () => unreachable.errors.length > 0);
  assert.match(unreachable.errors[0]!, /^cannot connect to broker at 127\.0\.0\.1:1: ECONNREFUSED/);
  await unreachable.stop();
});

test('a broker the setting does not name is looked up with DescribeBroker', async () => {
  const unknown = 'arn:aws:mq:us-east-1:000000000000:broker:unknown:b-4444';
  const run = runPoller({ ...mapping('acked'), EventSourceArn: unknown }, ok);
  await until('lookup error reported', () => run.errors.length > 0);
  assert.match(run.errors[0]!, /^ESM_CONFIG_NOT_VALID: broker arn:aws:mq:us-east-1:000000000000:broker:unknown:b-4444 does not exist \(DescribeBroker: .*\); or map it to an AMQP URL with --mq-broker/);
  await run.stop();
});

test('with neither credentials nor an endpoint for Secrets Manager or MQ, the poller says what to set', async () => {
  const saved = { ...process.env };
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete process.env[name];
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  try {
    const run = runPoller(mapping('acked'), ok);
    await until('secret error reported', () => run.errors.length > 0);
    assert.match(run.errors[0]!, /^EVENT_SOURCE_AUTHZ_ERROR: cannot read secret .*: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_ENDPOINT_URL_SECRETS_MANAGER/);
    await run.stop();
    const unnamed = runPoller({ ...mapping('acked'), EventSourceArn: 'arn:aws:mq:us-east-1:000000000000:broker:x:b-5555' }, ok);
    await until('broker error reported', () => unnamed.errors.length > 0);
    assert.match(unnamed.errors[0]!, /^EVENT_SOURCE_AUTHZ_ERROR: cannot call DescribeBroker for .*AWS_ENDPOINT_URL_MQ .*--mq-broker/);
    await unnamed.stop();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
});

test('a dropped connection is reported and the poller reconnects, losing nothing', async () => {
  await channel.assertQueue('reconnect');
  const run = runPoller(mapping('reconnect'), ok);
  channel.sendToQueue('reconnect', Buffer.from('before'));
  await until('first invoked', () => run.events.length === 1);
  await rabbit.ctl('close_all_connections', 'test: connection dropped');
  await until('loss reported', () => run.errors.some((e) => e !== undefined));
  assert.match(run.errors.find((e) => e !== undefined)!, /^connection to broker at 127\.0\.0\.1:\d+ (closed|failed): .*CONNECTION.FORCED.*test: connection dropped/);
  // The test's own publisher was closed too.
  const again = await (await rabbit.connect()).createChannel();
  again.sendToQueue('reconnect', Buffer.from('after'));
  await until('read after reconnecting', () => run.events.length === 2, 60_000);
  assert.deepEqual(bodies(run.events[1]!, 'reconnect::/'), ['after']);
  assert.equal(run.errors.at(-1), undefined);
  await run.stop();
});
