import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  CreateLogGroupCommand, DeleteRetentionPolicyCommand, DescribeLogGroupsCommand, FilterLogEventsCommand, GetLogEventsCommand, PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLambkin } from '../support/server.js';
import { until } from '../support/timing.js';
import { DAY_MS, deployWriter, logsClient, storedEvents, writeLines } from './helpers.js';

const messagesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message);

describe('a server started with --log-retention', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lambkin-retention-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const now = Date.now();
  // A group a function wrote to in an earlier run: one event past the default period, one within it.
  const file = storedEvents(dataDir, '/aws/lambda/earlier', 'stream-1', [
    { timestamp: now - 10 * DAY_MS, message: 'ten days old\n' }, { timestamp: now - DAY_MS, message: 'one day old\n' },
  ]);
  const server = await startLambkin({ dataDir, args: ['--log-retention', '7'] });
  const logs = logsClient(server);
  after(() => logs.destroy());

  test('deletes the events past the default period at start, and groups found on disk show it', async () => {
    await until('the expired event is deleted from the stream', () => messagesOf(file).length === 1);
    assert.deepEqual(messagesOf(file), ['one day old\n']);
    const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/earlier' }))).logGroups!;
    assert.equal(group!.retentionInDays, 7);
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/earlier' }));
    assert.deepEqual(out.events!.map((e) => e.message), ['one day old\n']);
  });

  test('new groups, created or written by a function, get the default', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/created/later' }));
    const lambda = server.client();
    await deployWriter(lambda, 'later-fn');
    await writeLines(lambda, 'later-fn', ['fresh']);
    const groups = (await logs.send(new DescribeLogGroupsCommand({}))).logGroups!;
    assert.equal(groups.find((g) => g.logGroupName === '/created/later')?.retentionInDays, 7);
    assert.equal(groups.find((g) => g.logGroupName === '/aws/lambda/later-fn')?.retentionInDays, 7);
  });

  test('DeleteRetentionPolicy makes a group keep everything again', async () => {
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/aws/lambda/later-fn' }));
    const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/later-fn' }))).logGroups!;
    assert.equal(group!.retentionInDays, undefined);
  });
});

describe('PutRetentionPolicy on a group holding old events', async () => {
  const server = await startLambkin();
  const logs = logsClient(server);
  after(() => logs.destroy());
  const now = Date.now();
  const file = storedEvents(server.dataDir, '/app/old', 'stream-1', [
    { timestamp: now - 40 * DAY_MS, message: 'forty days\n' }, { timestamp: now - 20 * DAY_MS, message: 'twenty days\n' },
    { timestamp: now - 2 * DAY_MS, message: 'two days\n' },
  ]);

  test('without a policy everything is kept', async () => {
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: '/app/old', logStreamName: 'stream-1', startFromHead: true }));
    assert.deepEqual(out.events!.map((e) => e.message), ['forty days\n', 'twenty days\n', 'two days\n']);
  });

  test('deletes what the new period no longer keeps', async () => {
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/app/old', retentionInDays: 30 }));
    assert.deepEqual(messagesOf(file), ['twenty days\n', 'two days\n']);
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: '/app/old', logStreamName: 'stream-1', startFromHead: true }));
    assert.deepEqual(out.events!.map((e) => e.message), ['twenty days\n', 'two days\n']);
  });

  test('expired events are not returned even before a sweep deletes them', async () => {
    storedEvents(server.dataDir, '/app/old', 'stream-2', [{ timestamp: now - 35 * DAY_MS, message: 'late expired\n' }, { timestamp: now, message: 'now\n' }]);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/old', logStreamNames: ['stream-2'] }));
    assert.deepEqual(filtered.events!.map((e) => e.message), ['now\n']);
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/app/old', logStreamName: 'stream-2', startFromHead: true }));
    assert.deepEqual(got.events!.map((e) => e.message), ['now\n']);
  });
});

test('--log-retention takes only CloudWatch\'s periods', async () => {
  await assert.rejects(startLambkin({ args: ['--log-retention', '10'] }), (err: Error) => {
    assert.match(err.message, /lambkin exited \(code 2\) before listening/);
    assert.match(err.message, /log-retention must be one of CloudWatch's retention periods in days \(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653\): 10/);
    return true;
  });
});
