import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, paginateGetLogEvents, type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLambkin } from '../support/server.js';
import { ACCOUNT, deployWriter, logsClient, refused, storedEvents, writeLines } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();
const logs = logsClient(server);
after(() => logs.destroy());

const GROUP = '/aws/lambda/events-fn';
await deployWriter(lambda, 'events-fn');
await writeLines(lambda, 'events-fn', ['one', 'two', 'three']);
await writeLines(lambda, 'events-fn', ['ERROR disk full', '{"level":"ERROR","status":503}', '{"level":"INFO","status":200}']);

const [{ logStreamName: STREAM }] = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams! as [{ logStreamName: string }];

/** Every message of a stream, by paging forward from the head `limit` at a time until the token repeats. */
async function pageForward(limit: number): Promise<{ pages: string[][]; lastToken: string }> {
  const pages: string[][] = [];
  let token: string | undefined;
  for (;;) {
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, startFromHead: true, limit, ...(token ? { nextToken: token } : {}) }));
    if (out.nextForwardToken === token) {
      assert.deepEqual(out.events, []);
      return { pages, lastToken: token! };
    }
    pages.push(out.events!.map((e) => e.message!));
    token = out.nextForwardToken;
  }
}

describe('GetLogEvents', () => {
  test('a function\'s stream holds its output between START and END, with REPORT', async () => {
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, startFromHead: true }));
    const messages = out.events!.map((e) => e.message!);
    assert.equal(messages.length, 12);
    assert.match(messages[0]!, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
    assert.deepEqual(messages.slice(1, 4), ['one\n', 'two\n', 'three\n']);
    assert.match(messages[4]!, /^END RequestId: /);
    assert.match(messages[5]!, /^REPORT RequestId: /);
    for (const e of out.events!) assert.equal(e.ingestionTime, e.timestamp);
    assert.match(out.nextForwardToken!, /^f\/\d{56}$/);
    assert.match(out.nextBackwardToken!, /^b\/\d{56}$/);
  });

  test('paging forward visits every event once, and at the end the forward token comes back unchanged', async () => {
    const { pages } = await pageForward(5);
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 2]);
    assert.equal(pages.flat().length, 12);
    assert.equal(new Set(pages.flat()).size, 12);
  });

  test('the SDK\'s paginator, stopping on the repeated token, reads the stream to its end', async () => {
    const pages = [];
    for await (const page of paginateGetLogEvents({ client: logs, pageSize: 4, stopOnSameToken: true }, { logGroupName: GROUP, logStreamName: STREAM, startFromHead: true })) {
      pages.push(page.events!.length);
    }
    assert.deepEqual(pages, [4, 4, 4, 0]);
  });

  test('without startFromHead the newest events come first, and the backward token pages toward the head', async () => {
    const newest = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, limit: 3 }));
    assert.deepEqual(newest.events!.map((e) => e.message!.split(' ')[0]), ['{"level":"INFO","status":200}\n', 'END', 'REPORT']);
    const older = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, limit: 3, nextToken: newest.nextBackwardToken }));
    assert.match(older.events![0]!.message!, /^START RequestId: /);
    assert.deepEqual(older.events!.slice(1).map((e) => e.message), ['ERROR disk full\n', '{"level":"ERROR","status":503}\n']);
    const back = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, limit: 100, nextToken: older.nextBackwardToken }));
    assert.equal(back.events!.length, 6);
    const head = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, limit: 100, nextToken: back.nextBackwardToken }));
    assert.deepEqual(head.events, []);
    assert.equal(head.nextBackwardToken, back.nextBackwardToken);
  });

  test('a new event arrives after the token that had caught up', async () => {
    const { lastToken } = await pageForward(50);
    await writeLines(lambda, 'events-fn', ['late arrival']);
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, nextToken: lastToken }));
    assert.deepEqual(out.events!.map((e) => e.message!.split(' ')[0]), ['START', 'late', 'END', 'REPORT']);
    assert.notEqual(out.nextForwardToken, lastToken);
  });

  test('the group may be named by its ARN as logGroupIdentifier', async () => {
    const out = await logs.send(new GetLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`, logStreamName: STREAM, limit: 1, startFromHead: true }));
    assert.match(out.events![0]!.message!, /^START /);
  });

  test('errors: missing stream, missing group, limits, tokens, name and identifier together', async () => {
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope' })), 'ResourceNotFoundException', 'The specified log stream does not exist.');
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/nope', logStreamName: STREAM })), 'ResourceNotFoundException', 'The specified log group does not exist.');
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, limit: 10001 })), 'InvalidParameterException',
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, nextToken: 'f/12' })), 'InvalidParameterException', 'The specified nextToken is invalid.');
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logGroupIdentifier: GROUP, logStreamName: STREAM })), 'InvalidParameterException',
      'LogGroup name and LogGroup identifier are mutually exclusive parameters.');
    await refused(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'a:b' })), 'InvalidParameterException',
      "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
  });
});

describe('DescribeLogStreams', () => {
  // Streams with known timestamps: what a past run of the server left on disk.
  const G = '/stored/streams';
  storedEvents(server.dataDir, G, 'b-stream', [{ timestamp: 1000, message: 'b1' }, { timestamp: 5000, message: 'b2' }]);
  storedEvents(server.dataDir, G, 'a-stream', [{ timestamp: 2000, message: 'a1' }, { timestamp: 3000, message: 'a2' }]);
  storedEvents(server.dataDir, G, 'c-other', [{ timestamp: 4000, message: 'c1' }]);
  const names = (out: { logStreams?: { logStreamName?: string }[] }) => out.logStreams!.map((s) => s.logStreamName);

  test('a stream of a function', async () => {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    const [stream] = out.logStreams!;
    assert.match(stream!.logStreamName!, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(stream!.arn, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}:log-stream:${stream!.logStreamName}`);
    assert.ok(stream!.firstEventTimestamp! <= stream!.lastEventTimestamp!);
    assert.equal(typeof stream!.creationTime, 'number');
  });

  test('by name, by last event time, descending, by prefix', async () => {
    assert.deepEqual(names(await logs.send(new DescribeLogStreamsCommand({ logGroupName: G }))), ['a-stream', 'b-stream', 'c-other']);
    assert.deepEqual(names(await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, descending: true }))), ['c-other', 'b-stream', 'a-stream']);
    assert.deepEqual(names(await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, orderBy: 'LastEventTime' }))), ['a-stream', 'c-other', 'b-stream']);
    assert.deepEqual(names(await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, orderBy: 'LastEventTime', descending: true }))), ['b-stream', 'c-other', 'a-stream']);
    assert.deepEqual(names(await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, logStreamNamePrefix: 'c-' }))), ['c-other']);
    const [a] = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, limit: 1 }))).logStreams!;
    assert.equal(a!.firstEventTimestamp, 2000);
    assert.equal(a!.lastEventTimestamp, 3000);
  });

  test('pages with limit and nextToken', async () => {
    const first = await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, limit: 2 }));
    assert.deepEqual(names(first), ['a-stream', 'b-stream']);
    const second = await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, limit: 2, nextToken: first.nextToken }));
    assert.deepEqual(names(second), ['c-other']);
    assert.equal(second.nextToken, undefined);
  });

  test('errors', async () => {
    await refused(logs.send(new DescribeLogStreamsCommand({ logGroupName: G, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' })), 'InvalidParameterException',
      'Cannot order by LastEventTime with a logStreamNamePrefix.');
    await refused(logs.send(new DescribeLogStreamsCommand({ logGroupName: G, limit: 51 })), 'InvalidParameterException',
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    await refused(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/none' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
  });
});

describe('FilterLogEvents', () => {
  const G = '/stored/filter';
  storedEvents(server.dataDir, G, 'web-1', [
    { timestamp: 1000, message: 'GET /a 200\n' }, { timestamp: 3000, message: 'GET /b 500\n' }, { timestamp: 5000, message: 'POST /c 200\n' },
  ]);
  storedEvents(server.dataDir, G, 'web-2', [{ timestamp: 2000, message: 'GET /d 404\n' }, { timestamp: 3000, message: 'POST /e 500\n' }]);
  storedEvents(server.dataDir, G, 'worker', [{ timestamp: 4000, message: 'job done\n' }]);
  const messages = (events: FilteredLogEvent[] | undefined) => events!.map((e) => e.message!.trim());

  test('a function\'s lines by term, phrase, exclusion and JSON field', async () => {
    const filter = async (filterPattern: string) => messages((await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern }))).events);
    assert.deepEqual(await filter('ERROR'), ['ERROR disk full', '{"level":"ERROR","status":503}']);
    assert.deepEqual(await filter('"disk full"'), ['ERROR disk full']);
    assert.deepEqual(await filter('ERROR -disk'), ['{"level":"ERROR","status":503}']);
    assert.deepEqual(await filter('{ $.level = "ERROR" }'), ['{"level":"ERROR","status":503}']);
    assert.deepEqual(await filter('{ $.status < 300 }'), ['{"level":"INFO","status":200}']);
  });

  test('events of every stream interleaved by time, with stream names and event ids', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: G }));
    assert.deepEqual(messages(out.events), ['GET /a 200', 'GET /d 404', 'GET /b 500', 'POST /e 500', 'job done', 'POST /c 200']);
    assert.deepEqual(out.events!.map((e) => e.logStreamName), ['web-1', 'web-2', 'web-1', 'web-2', 'worker', 'web-1']);
    const ids = out.events!.map((e) => e.eventId!);
    for (const id of ids) assert.match(id, /^\d{56}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual((await logs.send(new FilterLogEventsCommand({ logGroupName: G }))).events!.map((e) => e.eventId), ids);
    assert.equal(out.nextToken, undefined);
  });

  test('startTime is inclusive, endTime exclusive; streams by name or prefix', async () => {
    const window = await logs.send(new FilterLogEventsCommand({ logGroupName: G, startTime: 2000, endTime: 4000 }));
    assert.deepEqual(messages(window.events), ['GET /d 404', 'GET /b 500', 'POST /e 500']);
    const named = await logs.send(new FilterLogEventsCommand({ logGroupName: G, logStreamNames: ['web-2', 'worker'] }));
    assert.deepEqual(messages(named.events), ['GET /d 404', 'POST /e 500', 'job done']);
    const prefixed = await logs.send(new FilterLogEventsCommand({ logGroupName: G, logStreamNamePrefix: 'web-', filterPattern: '500' }));
    assert.deepEqual(messages(prefixed.events), ['GET /b 500', 'POST /e 500']);
    const delimited = await logs.send(new FilterLogEventsCommand({ logGroupName: G, filterPattern: '[method = GET, path, status >= 400]' }));
    assert.deepEqual(messages(delimited.events), ['GET /d 404', 'GET /b 500']);
  });

  test('pages of `limit` events follow nextToken to the end', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: G, limit: 4, ...(token ? { nextToken: token } : {}) }));
      seen.push(...messages(out.events));
      token = out.nextToken;
      pages++;
    } while (token);
    assert.equal(pages, 2);
    assert.deepEqual(seen, ['GET /a 200', 'GET /d 404', 'GET /b 500', 'POST /e 500', 'job done', 'POST /c 200']);
  });

  test('errors', async () => {
    await refused(logs.send(new FilterLogEventsCommand({ logGroupName: G, limit: 10001 })), 'InvalidParameterException',
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
    await refused(logs.send(new FilterLogEventsCommand({ logGroupName: G, logStreamNames: ['web-1'], logStreamNamePrefix: 'web' })), 'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    await refused(logs.send(new FilterLogEventsCommand({ logGroupName: G, filterPattern: '{ $.level = }' })), 'InvalidParameterException', 'Invalid character(s) in term');
    await refused(logs.send(new FilterLogEventsCommand({ logGroupName: G, nextToken: 'garbage' })), 'InvalidParameterException', 'The specified nextToken is invalid.');
    await refused(logs.send(new FilterLogEventsCommand({ logGroupName: '/none' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
    await refused(logs.send(new FilterLogEventsCommand({})), 'InvalidParameterException', 'Should provide either name or identifier.');
  });
});
