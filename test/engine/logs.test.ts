import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { billedMs, reportLine } from '../../src/engine/logs/platform.js';
import { assertBilledIsDurationRoundedUp, reportFigures } from '../support/timing.js';
import { harness, json, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

const REPORT = /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d\d ms\t)?\n$/;

test('START, output, END and REPORT lines land in the stream and in the tail', async () => {
  const fn = h.fn('logged');
  const cold = await h.invoke(fn, { action: 'log', lines: ['first line', 'second line'] }, { tailLogs: true });
  const warm = await h.invoke(fn, { action: 'log', lines: ['third'] }, { tailLogs: true });
  const coldTail = Buffer.from(cold.logTail!, 'base64').toString();
  assert.equal(
    coldTail.replace(/REPORT .*\n$/, ''),
    `START RequestId: ${cold.requestId} Version: $LATEST\nfirst line\nsecond line\nEND RequestId: ${cold.requestId}\n`,
  );
  const coldReport = coldTail.slice(coldTail.indexOf('REPORT'));
  assert.match(coldReport, REPORT);
  assert.match(coldReport, /Init Duration: /);
  const warmTail = Buffer.from(warm.logTail!, 'base64').toString();
  assert.doesNotMatch(warmTail, /Init Duration/);
  assert.match(warmTail.slice(warmTail.indexOf('REPORT')), REPORT);
  assertBilledIsDurationRoundedUp(reportFigures(coldReport));
  assertBilledIsDurationRoundedUp(reportFigures(warmTail.slice(warmTail.indexOf('REPORT'))));

  const events = await h.engine.logs.readEvents(fn.accountId, fn.region, fn.logGroup);
  const messages = events.map((e) => e.message);
  assert.deepEqual(messages.slice(0, 4), [
    `START RequestId: ${cold.requestId} Version: $LATEST\n`,
    'first line\n',
    'second line\n',
    `END RequestId: ${cold.requestId}\n`,
  ]);
  assert.equal(messages.length, 9);
  assert.equal(new Set(events.map((e) => e.logStreamName)).size, 1);
  const limited = await h.engine.logs.readEvents(fn.accountId, fn.region, fn.logGroup, { limit: 2 });
  assert.deepEqual(limited.map((e) => e.message.split(' ')[0]), ['END', 'REPORT']);
});

test('the tail holds only the last 4 KB', async () => {
  const fn = h.fn('chatty');
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'y'.repeat(80)}`);
  const r = await h.invoke(fn, { action: 'log', lines }, { tailLogs: true });
  const tail = Buffer.from(r.logTail!, 'base64');
  assert.equal(tail.length, 4096);
  assert.match(tail.toString(), /REPORT RequestId: .*\n$/);
});

test('follow yields new events of the group as they are written', async () => {
  const fn = h.fn('followed');
  const controller = new AbortController();
  const seen: string[] = [];
  const following = (async () => {
    for await (const e of h.engine.logs.follow(fn.accountId, fn.region, fn.logGroup, { signal: controller.signal })) {
      seen.push(e.message);
      if (e.message.startsWith('REPORT')) controller.abort();
    }
  })();
  const r = await h.invoke(fn, { action: 'log', lines: ['hello'] });
  await following;
  assert.equal(seen[0], `START RequestId: ${r.requestId} Version: $LATEST\n`);
  assert.equal(seen[1], 'hello\n');
  const streams = await h.engine.logs.listStreams(fn.accountId, fn.region, fn.logGroup);
  assert.equal(streams.length, 1);
  assert.equal(streams[0]!.logStreamName, json(await h.invoke(fn, { action: 'env' })).env.AWS_LAMBDA_LOG_STREAM_NAME);
});

test('JSON log format writes platform events as JSON', async () => {
  const fn = h.fn('jsonlogs', { logFormat: 'JSON' });
  const r = await h.invoke(fn, { action: 'echo' }, { tailLogs: true });
  const lines = Buffer.from(r.logTail!, 'base64').toString().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.type), ['platform.start', 'platform.runtimeDone', 'platform.report']);
  assert.deepEqual(lines[0].record, { requestId: r.requestId, version: '$LATEST' });
  assert.equal(lines[2].record.status, 'success');
  assert.equal(lines[2].record.metrics.memorySizeMB, 128);
});

// Billed Duration rounds up the Duration as printed, so the two never disagree (1000.004 shows as 1000.00).
test('Billed Duration is the printed Duration rounded up to the next ms, at least 1', () => {
  assert.deepEqual([0, 0.2, 1, 1.001, 1.006, 999.996, 1000, 1000.004, 1000.006, 1009.3].map((d) => billedMs(d)), [1, 1, 1, 1, 2, 1000, 1000, 1000, 1001, 1010]);
  for (const durationMs of [0.3, 7.5, 1000.004, 1000.006, 2999.999]) {
    const line = reportLine('Text', { requestId: 'r', durationMs, memorySizeMb: 128, maxMemoryUsedMb: 40 });
    assertBilledIsDurationRoundedUp(reportFigures(line));
  }
});

// AWS bills the init phase of every function since August 2025: a cold start's Init Duration is billed too.
test('a cold start bills Duration plus Init Duration, rounded up once', () => {
  assert.deepEqual([[1.2, 40.3], [0.004, 0.004], [999.5, 0.5], [2.27, 119.45]].map(([d, i]) => billedMs(d!, i)), [42, 1, 1000, 122]);
  const line = reportLine('Text', { requestId: 'r', durationMs: 2.27, initDurationMs: 119.45, memorySizeMb: 128, maxMemoryUsedMb: 40 });
  assert.match(line, /\tDuration: 2\.27 ms\tBilled Duration: 122 ms\t.*\tInit Duration: 119\.45 ms\t/);
  assertBilledIsDurationRoundedUp(reportFigures(line));
});
