/**
 * DynamoDB Streams end to end: a table on moto, a mapping through the Lambda API, a real function. The
 * events it gets are AWS's, field by field (as recorded), and StartingPosition decides where reading starts.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { deploy } from '../../api/invoke/helpers.js';
import { assertLikeRecording, recorded } from './recordings.js';
import { EVENTUALLY_MS } from '../../support/timing.js';
import { Tables, createMapping, deliveredEvents, deliveredIds, eventsUntil, recorderFunction, setEnabled } from './harness.js';

const moto = await startMoto();
const tables = new Tables(moto);
after(() => tables.destroy());
const server = await startLambkin({ env: moto.env });
const client = server.client();
/** moto's SizeBytes is its own count, not DynamoDB's: the stream's value is passed on, not compared. */
const SIZE = new Set(['SizeBytes']);

test('INSERT, MODIFY and REMOVE arrive as AWS delivers them, one record per event with BatchSize 1', async () => {
  const streamArn = await tables.create('changes');
  await deploy(client, 'changes-fn', recorderFunction());
  await createMapping(client, { FunctionName: 'changes-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1 });
  await tables.put('changes', { id: { S: 'id_value' } });
  await tables.put('changes', { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } });
  await tables.delete('changes', { id: { S: 'id_value' } });

  const events = await eventsUntil(server.url, 'changes-fn', (e) => e.length >= 3);
  assert.equal(events.length, 3);
  const recordedEvents = recorded('test_dynamodb_event_filter[content_or_filter]')['lambda-multiple-log-events'];
  assertLikeRecording(events[0], recordedEvents[0], '$.insert', SIZE);
  assertLikeRecording(events[1], recordedEvents[1], '$.modify', SIZE);

  const [insert, modify, remove] = events.map((e) => e.Records[0]!);
  assert.deepEqual(Object.keys(remove!), ['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
  assert.equal(remove!.eventName, 'REMOVE');
  assert.deepEqual(Object.keys(remove!.dynamodb), ['ApproximateCreationDateTime', 'Keys', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
  assert.deepEqual(remove!.dynamodb.Keys, { id: { S: 'id_value' } });
  assert.deepEqual(remove!.dynamodb.OldImage, { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } });
  assert.deepEqual(modify!.dynamodb.OldImage, { id: { S: 'id_value' } });
  for (const record of [insert!, modify!, remove!]) {
    assert.equal(record.eventSourceARN, streamArn);
    assert.equal(record.awsRegion, 'us-east-1');
    assert.equal(record.eventVersion, '1.1');
    assert.equal(record.eventSource, 'aws:dynamodb');
    assert.match(record.eventID, /^[0-9a-f]{32}$/);
    assert.equal(record.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
    // Epoch seconds, as AWS's events have it (ten digits before the point until 2286).
    assert.equal(Math.floor(Math.log10(record.dynamodb.ApproximateCreationDateTime)), 9);
  }
  const sequence = [insert!, modify!, remove!].map((r) => BigInt(r.dynamodb.SequenceNumber));
  assert.ok(sequence[0]! < sequence[1]! && sequence[1]! < sequence[2]!, 'in stream order');
});

test('a NEW_IMAGE stream with a binary attribute: the recorded event, binary in base64', async () => {
  const streamArn = await tables.create('binary', 'NEW_IMAGE', 'my_partition_key');
  await deploy(client, 'binary-fn', recorderFunction());
  await createMapping(client, {
    FunctionName: 'binary-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 1, MaximumRetryAttempts: 1,
  });
  await tables.put('binary', { my_partition_key: { S: 'hello world' }, binary_key: { B: Buffer.from('foobar') } });
  const events = await eventsUntil(server.url, 'binary-fn', (e) => e.length >= 1);
  assertLikeRecording(events, recorded('test_dynamodb_event_source_mapping').event_logs, '$', SIZE);
  assert.deepEqual(events[0]!.Records[0]!.dynamodb.NewImage.binary_key, { B: 'Zm9vYmFy' });
});

test('TRIM_HORIZON delivers what was in the stream before the mapping, in a batch up to BatchSize', async () => {
  const streamArn = await tables.create('history');
  for (const id of ['a', 'b', 'c']) await tables.put('history', { id: { S: id } });
  await deploy(client, 'history-fn', recorderFunction());
  await createMapping(client, { FunctionName: 'history-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
  const events = await eventsUntil(server.url, 'history-fn', (e) => deliveredIds(e).length >= 3);
  assert.deepEqual(deliveredIds(events), ['a', 'b', 'c']);
  assert.ok(events.every((e) => e.Records.length <= 10));
});

test('LATEST skips what was there before, and then misses nothing', async () => {
  const streamArn = await tables.create('latest');
  await tables.put('latest', { id: { S: 'before' } });
  // A LATEST start is a time; a record of that very second may run when its time is in whole seconds
  // (as AWS gives them, and as an emulator's time at .000 looks): start in the next second.
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  await deploy(client, 'latest-fn', recorderFunction());
  await createMapping(client, { FunctionName: 'latest-fn', EventSourceArn: streamArn, StartingPosition: 'LATEST', BatchSize: 10 });
  // The poller takes its LATEST iterator a moment after Enabled (as on AWS): put until something arrives.
  const put: string[] = [];
  const until = Date.now() + EVENTUALLY_MS;
  while ((await deliveredEvents(server.url, 'latest-fn')).length === 0) {
    if (Date.now() > until) throw new Error(`nothing delivered of ${put.join(', ')}`);
    const id = `after-${put.length}`;
    await tables.put('latest', { id: { S: id } });
    put.push(id);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const id of ['last-1', 'last-2', 'last-3']) {
    await tables.put('latest', { id: { S: id } });
    put.push(id);
  }
  const ids = deliveredIds(await eventsUntil(server.url, 'latest-fn', (e) => deliveredIds(e).includes('last-3')));
  assert.equal(ids.includes('before'), false);
  // Everything from the first record delivered on, each once, in order.
  assert.deepEqual(ids, put.slice(put.indexOf(ids[0]!)));
});

test('a disabled mapping reads nothing; enabled again, it goes on where it stopped', async () => {
  const streamArn = await tables.create('switched');
  await deploy(client, 'switched-fn', recorderFunction());
  const uuid = await createMapping(client, { FunctionName: 'switched-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
  await tables.put('switched', { id: { S: 'while-on' } });
  await eventsUntil(server.url, 'switched-fn', (e) => deliveredIds(e).includes('while-on'));
  await setEnabled(client, uuid, false);
  await tables.put('switched', { id: { S: 'while-off' } });
  // Nothing arrives while it is off (given a few of the poller's idle rounds to show it).
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(deliveredIds(await deliveredEvents(server.url, 'switched-fn')), ['while-on']);
  await setEnabled(client, uuid, true);
  const events = await eventsUntil(server.url, 'switched-fn', (e) => deliveredIds(e).includes('while-off'));
  assert.deepEqual(deliveredIds(events), ['while-on', 'while-off']);
});

test('a table deleted under its mapping: the status names the source and what reading it answers', async () => {
  const streamArn = await tables.create('doomed');
  await deploy(client, 'doomed-fn', recorderFunction());
  const uuid = await createMapping(client, { FunctionName: 'doomed-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON' });
  const status = async () => (await (await fetch(new URL(`/_lambkin/event-source-mappings/${uuid}`, server.url))).json()) as Record<string, any>;
  assert.equal((await status()).source, 'dynamodb-streams');
  await tables.ddb.send(new DeleteTableCommand({ TableName: 'doomed' }));
  const until = Date.now() + EVENTUALLY_MS;
  let problem: string | null = null;
  while (!problem) {
    if (Date.now() > until) throw new Error(`no source problem reported: ${JSON.stringify(await status())}`);
    problem = (await status()).sourceProblem as string | null;
    if (!problem) await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(problem, /ResourceNotFoundException/);
});
