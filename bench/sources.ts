/**
 * `npm run bench:sources`: how fast an event source mapping hands a message to its function, against
 * the source's own receive floor, measured side by side in one run against one moto_server.
 *
 * - latency: SendMessage → the handler starting (the handler stamps its start and posts it to a
 *   collector here), one message at a time; the floor is a bare ReceiveMessage long-poll loop on the
 *   same endpoint, SendMessage → the loop holding the message.
 * - drain: 1,000 queued messages, BatchSize 10: messages per second until every one reached the
 *   handler; the floor is the same number of bare receive+delete loops as Lambkin runs pollers.
 * Clocks: every timestamp is `performance.timeOrigin + performance.now()` on one machine.
 */
import {
  CreateEventSourceMappingCommand, CreateFunctionCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, SendMessageBatchCommand, SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { collector, now, reportingHandler, zip, type Collector } from './collector.js';
import { startLambkin, startMoto } from './processes.js';
import { latency, latencyLine, throughputLine } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const LATENCY_SAMPLES = 150;
const DRAIN_MESSAGES = 1000;
/** Bare loops in the drain floor: as many as the SQS poller runs receivers by default. */
const FLOOR_RECEIVERS = 5;
const HARD_LIMIT_MS = 600_000;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };


/** The handler stamps its start, then tells the collector which messages it got and when. */
const HANDLER = reportingHandler('JSON.parse(r.body).sent');


async function queue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: out.QueueUrl!, AttributeNames: ['QueueArn'] }));
  return { url: out.QueueUrl!, arn: attrs.Attributes!.QueueArn! };
}

async function fill(sqs: SQSClient, url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({ Id: String(j), MessageBody: JSON.stringify({ sent: 0, n: i + j }) }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
}

/** A bare long-poll receive loop: what any SQS consumer costs against this endpoint. */
async function floorLoop(sqs: SQSClient, url: string, stop: AbortSignal, onMessages: (bodies: string[]) => void): Promise<void> {
  while (!stop.aborted) {
    let out;
    try {
      out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }), { abortSignal: stop });
    } catch (err) {
      if (stop.aborted) return;
      throw err;
    }
    const messages = out.Messages ?? [];
    if (messages.length === 0) continue;
    onMessages(messages.map((m) => m.Body!));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

async function floorLatency(sqs: SQSClient, url: string): Promise<number[]> {
  const stop = new AbortController();
  let resolveNext: ((at: number) => void) | undefined;
  const loop = floorLoop(sqs, url, stop.signal, () => resolveNext?.(now()));
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const got = new Promise<number>((resolve) => { resolveNext = resolve; });
    const sent = now();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ sent }) }));
    samples.push(await got - sent);
  }
  stop.abort();
  await loop;
  return samples;
}

async function lambkinLatency(sqs: SQSClient, url: string, arrivals: Collector, count = LATENCY_SAMPLES): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = now();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ sent }) }));
    const arrival = await arrivals.next();
    samples.push(arrival.started - sent);
  }
  return samples;
}

async function floorDrain(sqs: SQSClient, url: string): Promise<number> {
  await fill(sqs, url, DRAIN_MESSAGES);
  const stop = new AbortController();
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const t0 = now();
  const loops = Array.from({ length: FLOOR_RECEIVERS }, () => floorLoop(sqs, url, stop.signal, (bodies) => {
    seen += bodies.length;
    if (seen >= DRAIN_MESSAGES) done();
  }));
  await finished;
  const elapsed = now() - t0;
  stop.abort();
  await Promise.all(loops);
  return DRAIN_MESSAGES / (elapsed / 1000);
}

async function waitEnabled(lambda: LambdaClient, uuid: string): Promise<void> {
  for (;;) {
    const out = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (out.State === 'Enabled') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function lambkinDrain(lambda: LambdaClient, sqs: SQSClient, target: { url: string; arn: string }, arrivals: Collector): Promise<number> {
  await fill(sqs, target.url, DRAIN_MESSAGES);
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  arrivals.onArrival((a) => {
    seen += a.sent.length;
    if (seen >= DRAIN_MESSAGES) done();
  });
  const t0 = now();
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bench-sink', EventSourceArn: target.arn, BatchSize: 10 }));
  await finished;
  const elapsed = now() - t0;
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID! }));
  return DRAIN_MESSAGES / (elapsed / 1000);
}

async function main(): Promise<void> {
  const guard = setTimeout(() => { console.error('bench: over the time limit, stopping'); process.exit(1); }, HARD_LIMIT_MS);
  guard.unref();
  const moto = await startMoto();
  const lambkin = await startLambkin({ AWS_ENDPOINT_URL: moto.url, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' });
  const sqs = new SQSClient({ endpoint: moto.url, region: 'us-east-1', credentials: CREDENTIALS });
  const lambda = new LambdaClient({ endpoint: lambkin.url, region: 'us-east-1', credentials: CREDENTIALS });
  const arrivals = collector();
  try {
    console.log(`lambkin ${lambkin.url}, moto_server ${moto.url}\n`);
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'bench-sink', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/bench',
      Code: { ZipFile: await zip({ 'index.js': HANDLER }) }, Environment: { Variables: { COLLECTOR: await arrivals.url } },
    }));
    const [floorQueue, lambkinQueue, floorBulk, lambkinBulk] = await Promise.all(
      ['floor-latency', 'lambkin-latency', 'floor-drain', 'lambkin-drain'].map((name) => queue(sqs, name)),
    );
    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bench-sink', EventSourceArn: lambkinQueue!.arn, BatchSize: 1 }));
    await waitEnabled(lambda, mapping.UUID!);
    // One round trip each way first, so neither side pays a cold start in its samples.
    await lambkinLatency(sqs, lambkinQueue!.url, arrivals, 5);
    const floorSamples = await floorLatency(sqs, floorQueue!.url);
    const lambkinSamples = await lambkinLatency(sqs, lambkinQueue!.url, arrivals);
    console.log(latencyLine('SQS send → handler start', latency(lambkinSamples), latency(floorSamples)));
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID! }));
    const floorRate = await floorDrain(sqs, floorBulk!.url);
    const lambkinRate = await lambkinDrain(lambda, sqs, lambkinBulk!, arrivals);
    console.log(throughputLine(`SQS drain ${DRAIN_MESSAGES}, batch 10`, lambkinRate, floorRate).replace(/inv\/s/g, 'msg/s'));
    console.log('\naims: latency p50 within 1.5x the floor and under 20 ms; drain at least half the floor\'s rate.');
  } finally {
    arrivals.close();
    sqs.destroy();
    lambda.destroy();
    await lambkin.stop();
    await moto.stop();
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
