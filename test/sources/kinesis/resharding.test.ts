/**
 * Resharding against moto: a split or a new shard count closes the shard being read; the poller reads
 * it to its end, in order, and goes on with the children it lists. (moto keeps putting records on the
 * closed parent rather than the children, so what the children get is shown by the shared poller's
 * unit tests; here every record the stream holds is delivered once, in order.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SplitShardCommand, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { startMoto } from '../../support/moto.js';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { Streams, createMapping, dataOf, deployLogger, eventsOf, eventsWithRecords, mappingStatus } from './helpers.js';

const moto = await startMoto();
const streams = new Streams(moto);
const server = await startLambkin({ env: moto.env });
const client = server.client();

test('a split shard is read to its end in order, while the mapping runs', async () => {
  const arn = await streams.create('split');
  await deployLogger(client, 'split-fn');
  const uuid = await createMapping(client, { FunctionName: 'split-fn', EventSourceArn: arn, BatchSize: 3 });
  for (let i = 0; i < 5; i++) await streams.put('split', { i });
  await eventsWithRecords(server.url, 'split-fn', 5);
  await streams.kinesis.send(new SplitShardCommand({
    StreamName: 'split', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728',
  }));
  for (let i = 5; i < 8; i++) await streams.put('split', { i });
  const records = (await eventsWithRecords(server.url, 'split-fn', 8)).flatMap((e) => e.Records);
  assert.deepEqual(records.map((r) => dataOf(r).i), [0, 1, 2, 3, 4, 5, 6, 7]);
  await until('the mapping is caught up', async () => (await mappingStatus(server.url, uuid)).lagMs === 0);
  assert.equal((await mappingStatus(server.url, uuid)).sourceProblem, null);
});

test('UpdateShardCount before the mapping: the closed parent is read from its beginning, in order', async () => {
  const arn = await streams.create('rescaled');
  for (let i = 0; i < 4; i++) await streams.put('rescaled', { i });
  await streams.kinesis.send(new UpdateShardCountCommand({ StreamName: 'rescaled', TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }));
  await deployLogger(client, 'rescaled-fn');
  await createMapping(client, { FunctionName: 'rescaled-fn', EventSourceArn: arn, BatchSize: 2, StartingPosition: 'TRIM_HORIZON' });
  const records = (await eventsWithRecords(server.url, 'rescaled-fn', 4)).flatMap((e) => e.Records);
  assert.deepEqual(records.map((r) => dataOf(r).i), [0, 1, 2, 3]);
  assert.ok(records.every((r) => r.eventID.startsWith('shardId-000000000000:')));
  assert.equal((await eventsOf(server.url, 'rescaled-fn')).flatMap((e) => e.Records).length, 4);
});
