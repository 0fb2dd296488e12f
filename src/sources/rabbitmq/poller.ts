/**
 * The poller of one RabbitMQ mapping, as AWS documents it for Amazon MQ: one consumer (concurrency 1),
 * batches of up to BatchSize within the batching window and the 6 MB payload, a batch acknowledged only
 * once the function succeeded, a failed batch handed back to the broker (requeued, so it comes again
 * with `redelivered` set) until it succeeds or the broker expires it; filtered-out messages are
 * acknowledged at once. A lost connection is reported and reopened with backoff.
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import { SYNC_PAYLOAD_LIMIT } from '../../control/invoke/payload.js';
import type { PollerContext } from '../types.js';
import { Batcher } from './batcher.js';
import { brokerUrl, parseBrokerArn, type ConfiguredBrokers } from './broker.js';
import { openConsumer, type OpenConsumer } from './connection.js';
import { rabbitmqFilterCandidate } from '../filter/index.js';
import { rabbitEvent, rabbitRecord, type RabbitRecord } from './event.js';
import { SourceProblem } from './problem.js';
import { readBrokerUser } from './secret.js';

/** The synchronous invoke payload limit; AWS drops a message that alone exceeds it. */
const MAX_PAYLOAD_BYTES = SYNC_PAYLOAD_LIMIT;
/** AWS's default batching window for Amazon MQ (MaximumBatchingWindowInSeconds unset). */
const DEFAULT_WINDOW_MS = 500;
const DEFAULT_BATCH_SIZE = 100;

interface Settings {
  brokerArn: string;
  queue: string;
  vhost: string;
  secretArn: string;
  batchSize: number;
  windowMs: number;
}

interface Delivery {
  message: ConsumeMessage;
  record: RabbitRecord;
  receivedAt: number;
}

function settingsOf(ctx: PollerContext): Settings {
  const config = ctx.mapping.config;
  const access = config.SourceAccessConfigurations ?? [];
  const secretArn = access.find((a) => a.Type === 'BASIC_AUTH')?.URI;
  const queue = config.Queues?.[0];
  if (!config.EventSourceArn || !queue || !secretArn) {
    throw new SourceProblem('ESM_CONFIG_NOT_VALID', 'a RabbitMQ mapping needs EventSourceArn, one queue in Queues and a BASIC_AUTH secret in SourceAccessConfigurations');
  }
  const window = config.MaximumBatchingWindowInSeconds;
  return {
    brokerArn: config.EventSourceArn,
    queue,
    vhost: access.find((a) => a.Type === 'VIRTUAL_HOST')?.URI ?? '/',
    secretArn,
    batchSize: config.BatchSize ?? DEFAULT_BATCH_SIZE,
    windowMs: window === undefined ? DEFAULT_WINDOW_MS : window * 1000,
  };
}

/** Reconnects and failed-batch retries wait 1 s, doubling to 30 s. */
function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export async function runRabbitmqPoller(ctx: PollerContext, brokers: ConfiguredBrokers): Promise<void> {
  let failedConnects = 0;
  while (!ctx.signal.aborted) {
    try {
      await consumeUntilLost(ctx, brokers, () => { failedConnects = 0; });
    } catch (err) {
      if (ctx.signal.aborted) break;
      failedConnects++;
      ctx.report.sourceError((err as Error).message);
    }
    if (!(await ctx.sleep(backoffMs(failedConnects)))) break;
  }
}

/** Opens the consumer and serves batches until the connection ends (throws why) or the signal aborts. */
async function consumeUntilLost(ctx: PollerContext, brokers: ConfiguredBrokers, onConsuming: () => void): Promise<void> {
  const s = settingsOf(ctx);
  const broker = parseBrokerArn(s.brokerArn);
  if (!broker) throw new SourceProblem('ESM_CONFIG_NOT_VALID', `${s.brokerArn} is not an Amazon MQ broker ARN`);
  const url = await brokerUrl(broker, brokers, ctx.signal);
  const user = await readBrokerUser(s.secretArn, broker.region, ctx.signal);
  const envelopeBytes = Buffer.byteLength(JSON.stringify(rabbitEvent(s.brokerArn, s.queue, s.vhost, [])));
  const batcher = new Batcher<Delivery>({
    maxRecords: s.batchSize, maxBytes: MAX_PAYLOAD_BYTES - envelopeBytes, windowMs: s.windowMs,
  });
  const onMessage = (message: ConsumeMessage, channel: Channel) => {
    ctx.report.received(1);
    const record = rabbitRecord(message);
    if (!ctx.matches(rabbitmqFilterCandidate(record))) {
      // AWS acknowledges a message its filters refuse when it filters it.
      channel.ack(message);
      ctx.report.filtered(1);
      return;
    }
    batcher.push({ message, record, receivedAt: Date.now() }, Buffer.byteLength(JSON.stringify(record)) + 1);
  };
  const open = await openConsumer({ url, user, vhost: s.vhost, queue: s.queue, prefetch: s.batchSize, tag: `lambkin-${ctx.mapping.uuid}` }, onMessage);
  let lost: Error | undefined;
  void open.ended.then((reason) => {
    lost = reason;
    batcher.close(reason);
  });
  ctx.report.sourceError(undefined);
  onConsuming();
  try {
    let failures = 0;
    for (;;) {
      const batch = await batcher.next(ctx.signal);
      const done = await deliver(ctx, s, open, batch, failures);
      failures = done ? 0 : failures + 1;
      // A requeued batch is still the oldest work not done.
      ctx.report.lag(done ? batcher.oldestAge() : Date.now() - batch[0]!.receivedAt);
    }
  } catch (err) {
    if (ctx.signal.aborted) return;
    // An acknowledgement on a channel that just closed says less than why it closed.
    throw lost ?? err;
  } finally {
    // Closing hands every unacknowledged message back to the broker.
    await open.close();
  }
}

/** Invokes the function with one batch; true once the batch is acknowledged (done with), false when it was requeued. */
async function deliver(ctx: PollerContext, s: Settings, consumer: OpenConsumer, batch: Delivery[], failures: number): Promise<boolean> {
  const event = rabbitEvent(s.brokerArn, s.queue, s.vhost, batch.map((b) => b.record));
  if (batch.length === 1 && Buffer.byteLength(JSON.stringify(event)) > MAX_PAYLOAD_BYTES) {
    // A message that alone exceeds the payload limit can never be invoked: AWS drops it.
    consumer.channel.ack(batch[0]!.message);
    ctx.report.discarded(1);
    ctx.log(`Dropped a message of ${batch[0]!.message.content.length} bytes from queue ${s.queue}: the event exceeds the ${MAX_PAYLOAD_BYTES} byte invoke payload limit`);
    return true;
  }
  const result = await untilAborted(ctx.invoke(event), ctx.signal);
  if (result === undefined) throw ctx.signal.reason;
  ctx.report.invoked(batch.length, result);
  if (result.kind === 'success') {
    for (const { message } of batch) consumer.channel.ack(message);
    return true;
  }
  // Held back for a while, then requeued: the broker delivers the batch again, `redelivered` set.
  await ctx.sleep(backoffMs(failures + 1));
  if (ctx.signal.aborted) throw ctx.signal.reason;
  for (const { message } of batch) consumer.channel.nack(message, false, true);
  return false;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
