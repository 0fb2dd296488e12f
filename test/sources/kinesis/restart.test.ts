/**
 * Kinesis mappings across failures: kill -9 in the middle of a busy stream skips no record after the
 * restart, and a stream that disappears is reported and read again once it is back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { DeleteStreamCommand } from '@aws-sdk/client-kinesis';
import { startMoto } from '../../support/moto.js';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { until } from '../../support/timing.js';
import { ROLE, Streams, createMapping, dataOf, mappingStatus } from './helpers.js';
import { postingHandler, startCollector } from './collector.js';

const moto = await startMoto();
const streams = new Streams(moto);
const collector = await startCollector();

async function deployPoster(client: ReturnType<Awaited<ReturnType<typeof startLambkin>>['client']>, name: string, delayMs: number) {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
    Code: { ZipFile: await makeZip(postingHandler(collector.url, delayMs)) },
  }));
}

const recordsOf = (stream: string) => collector.events.flatMap((e) => e.Records).filter((r: any) => r.eventSourceARN.endsWith(`/${stream}`));

test('kill -9 mid-stream: after the restart every record is delivered, in order per shard, none skipped', async () => {
  const server = await startLambkin({ env: moto.env });
  const client = server.client();
  const arn = await streams.create('busy', 2);
  const keys = [...(await streams.hashKeys('busy')).values()];
  await deployPoster(client, 'busy-fn', 20);
  let sent = 0;
  const send = async (count: number) => {
    for (let i = 0; i < count; i++, sent++) await streams.put('busy', { n: sent }, `k${sent}`, keys[sent % 2]);
  };
  await send(100);
  await createMapping(client, { FunctionName: 'busy-fn', EventSourceArn: arn, BatchSize: 5 });
  await until('some batches are done', () => recordsOf('busy').length >= 30, 60_000);
  await server.stop('SIGKILL');
  const beforeKill = new Set(recordsOf('busy').map((r: any) => dataOf(r).n));
  assert.ok(beforeKill.size < 100, 'the kill came mid-stream');
  await send(50);
  await server.restart();
  await until('every record is delivered', () => new Set(recordsOf('busy').map((r: any) => dataOf(r).n)).size === 150, 90_000);
  // In order per shard: each shard's records arrive in sequence; a batch cut short by the kill comes again, still in order.
  const byShard = new Map<string, number[]>();
  for (const record of recordsOf('busy')) {
    const shard = record.eventID.split(':')[0];
    byShard.set(shard, [...(byShard.get(shard) ?? []), Number(record.kinesis.sequenceNumber)]);
  }
  assert.equal(byShard.size, 2);
  for (const [shard, sequence] of byShard) {
    const firstSeen = sequence.filter((s, i) => sequence.indexOf(s) === i);
    assert.deepEqual(firstSeen, [...firstSeen].sort((a, b) => a - b), shard);
    const rewinds = sequence.filter((s, i) => i > 0 && s <= sequence[i - 1]!).length;
    assert.ok(rewinds <= 1, `${shard} went back ${rewinds} times`);
  }
});

test('a stream that disappears is reported on the status endpoint, and read again once it is back', async () => {
  const server = await startLambkin({ env: moto.env });
  const client = server.client();
  const arn = await streams.create('comes-and-goes');
  await deployPoster(client, 'comes-and-goes-fn', 0);
  const uuid = await createMapping(client, { FunctionName: 'comes-and-goes-fn', EventSourceArn: arn });
  await until('the poller runs', async () => (await mappingStatus(server.url, uuid)).poller.state === 'running');
  await streams.kinesis.send(new DeleteStreamCommand({ StreamName: 'comes-and-goes' }));
  await until('the status names the problem', async () =>
    /ResourceNotFoundException: .*comes-and-goes/.test((await mappingStatus(server.url, uuid)).sourceProblem ?? ''));
  await streams.create('comes-and-goes');
  await streams.put('comes-and-goes', { n: 'back' });
  await until('the record is delivered', () => recordsOf('comes-and-goes').length === 1, 60_000);
  assert.deepEqual(recordsOf('comes-and-goes').map(dataOf), [{ n: 'back' }]);
  assert.equal((await mappingStatus(server.url, uuid)).sourceProblem, null);
});
