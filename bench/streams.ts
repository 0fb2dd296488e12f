/**
 * `npm run bench:sources` (after the SQS bench): how fast a Kinesis mapping hands a record to its function,
 * against the stream's own read floor, side by side in one run against one moto_server.
 *
 * - latency: PutRecord → the handler starting (the handler stamps its start and posts it to a
 *   collector here), one record at a time, BatchSize 1; the floor is a bare GetRecords loop on the
 *   same endpoint with no pause between reads, PutRecord → the loop holding the record.
 * - drain: 1,000 records already in a one-shard stream, BatchSize 10: records per second until every
 *   one reached the handler; the floor reads the same records with bare GetRecords calls of 10.
 * Clocks: every timestamp is `performance.timeOrigin + performance.now()` on one machine.
 */
import {
  CreateEventSourceMappingCommand, CreateFunctionCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { collector, now, reportingHandler, zip, type Collector } from './collector.js';
import { startLambkin, startMoto } from './processes.js';
import { latency, latencyLine, throughputLine } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const LATENCY_SAMPLES = 150;
const DRAIN_RECORDS = 1000;
const HARD_LIMIT_MS = 240_000;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const SHARD = 'shardId-000000000000';


const HANDLER = reportingHandler("JSON.parse(Buffer.from(r.kinesis.data, 'base64')).sent");


async function stream(kinesis: KinesisClient, name: string): Promise<string> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  return (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamARN!;
}

async function shardIterator(kinesis: KinesisClient, name: string, type: 'LATEST' | 'TRIM_HORIZON'): Promise<string> {
  return (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: SHARD, ShardIteratorType: type }))).ShardIterator!;
}

/** A bare read loop: GetRecords again as soon as the last one answered. */
async function floorLoop(kinesis: KinesisClient, iterator: string, limit: number, stop: AbortSignal, onRecords: (count: number) => void): Promise<void> {
  let next = iterator;
  while (!stop.aborted) {
    const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: next, Limit: limit }));
    next = out.NextShardIterator!;
    if (out.Records?.length) onRecords(out.Records.length);
  }
}

async function floorLatency(kinesis: KinesisClient, name: string): Promise<number[]> {
  const stop = new AbortController();
  let resolveNext: ((at: number) => void) | undefined;
  const loop = floorLoop(kinesis, await shardIterator(kinesis, name, 'LATEST'), 1, stop.signal, () => resolveNext?.(now()));
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const got = new Promise<number>((resolve) => { resolveNext = resolve; });
    const sent = now();
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(JSON.stringify({ sent })) }));
    samples.push(await got - sent);
  }
  stop.abort();
  await loop;
  return samples;
}

async function lambkinLatency(kinesis: KinesisClient, name: string, arrivals: Collector, count = LATENCY_SAMPLES): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = now();
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(JSON.stringify({ sent })) }));
    samples.push((await arrivals.next()).started - sent);
  }
  return samples;
}

async function fill(kinesis: KinesisClient, name: string): Promise<void> {
  for (let i = 0; i < DRAIN_RECORDS; i += 500) {
    const records = Array.from({ length: Math.min(500, DRAIN_RECORDS - i) }, (_, j) => ({ PartitionKey: `k${j}`, Data: Buffer.from(JSON.stringify({ sent: 0, n: i + j })) }));
    await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: records }));
  }
}

async function floorDrain(kinesis: KinesisClient, name: string): Promise<number> {
  await fill(kinesis, name);
  const stop = new AbortController();
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const t0 = now();
  const loop = floorLoop(kinesis, await shardIterator(kinesis, name, 'TRIM_HORIZON'), 10, stop.signal, (count) => {
    seen += count;
    if (seen >= DRAIN_RECORDS) done();
  });
  await finished;
  const elapsed = now() - t0;
  stop.abort();
  await loop;
  return DRAIN_RECORDS / (elapsed / 1000);
}

async function mapping(lambda: LambdaClient, arn: string, batchSize: number, startingPosition: 'LATEST' | 'TRIM_HORIZON'): Promise<string> {
  const out = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bench-sink', EventSourceArn: arn, BatchSize: batchSize, StartingPosition: startingPosition }));
  for (;;) {
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: out.UUID! }));
    if (got.State === 'Enabled') return out.UUID!;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function lambkinDrain(lambda: LambdaClient, kinesis: KinesisClient, name: string, arn: string, arrivals: Collector): Promise<number> {
  await fill(kinesis, name);
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  arrivals.onArrival((a) => {
    seen += a.sent.length;
    if (seen >= DRAIN_RECORDS) done();
  });
  const t0 = now();
  const uuid = await mapping(lambda, arn, 10, 'TRIM_HORIZON');
  await finished;
  const elapsed = now() - t0;
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  return DRAIN_RECORDS / (elapsed / 1000);
}

async function main(): Promise<void> {
  const guard = setTimeout(() => { console.error('bench: over the time limit, stopping'); process.exit(1); }, HARD_LIMIT_MS);
  guard.unref();
  const moto = await startMoto();
  const lambkin = await startLambkin({ AWS_ENDPOINT_URL: moto.url, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' });
  const kinesis = new KinesisClient({ endpoint: moto.url, region: 'us-east-1', credentials: CREDENTIALS, requestHandler: new NodeHttpHandler() });
  const lambda = new LambdaClient({ endpoint: lambkin.url, region: 'us-east-1', credentials: CREDENTIALS });
  const arrivals = collector();
  try {
    console.log(`lambkin ${lambkin.url}, moto_server ${moto.url}\n`);
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'bench-sink', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/bench',
      Code: { ZipFile: await zip({ 'index.js': HANDLER }) }, Environment: { Variables: { COLLECTOR: await arrivals.url } },
    }));
    const [floorStream, lambkinStream, floorBulk, lambkinBulk] = ['floor-latency', 'lambkin-latency', 'floor-drain', 'lambkin-drain'];
    for (const name of [floorStream, floorBulk]) await stream(kinesis, name!);
    // The stream starts empty: TRIM_HORIZON reads every record put from now on.
    const uuid = await mapping(lambda, await stream(kinesis, lambkinStream!), 1, 'TRIM_HORIZON');
    // One round trip first, so neither side pays a cold start in its samples.
    await lambkinLatency(kinesis, lambkinStream!, arrivals, 5);
    const floorSamples = await floorLatency(kinesis, floorStream!);
    const lambkinSamples = await lambkinLatency(kinesis, lambkinStream!, arrivals);
    console.log(latencyLine('Kinesis put → handler start', latency(lambkinSamples), latency(floorSamples)));
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
    const floorRate = await floorDrain(kinesis, floorBulk!);
    const lambkinRate = await lambkinDrain(lambda, kinesis, lambkinBulk!, await stream(kinesis, lambkinBulk!), arrivals);
    console.log(throughputLine(`Kinesis drain ${DRAIN_RECORDS}, batch 10`, lambkinRate, floorRate).replace(/inv\/s/g, 'rec/s'));
    console.log('\naims: latency p50 within 1.5x the floor and under 20 ms; drain at least half the floor\'s rate.');
  } finally {
    arrivals.close();
    kinesis.destroy();
    lambda.destroy();
    await lambkin.stop();
    await moto.stop();
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
