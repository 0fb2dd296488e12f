/**
 * What an SQS mapping does with each message, end to end against moto with real functions: batches and
 * the batching window, deletes only after success, retries after the visibility timeout, SQS's redrive
 * to a dead-letter queue, ReportBatchItemFailures (the cases AWS recorded), filters and MaximumConcurrency.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { until } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import { REPORTING_FUNCTION, startCollector, type Policy, type SqsRecord } from './collector.js';
import { MotoQueues, mappingStatus, untilOr, waitForState } from './helpers.js';

const moto = await startMoto();
const queues = new MotoQueues(moto, { visibilityAfterMapping: true });
after(() => queues.destroy());
const collector = await startCollector();
const server = await startLambkin({ env: moto.env });
const client = server.client();

async function mapped(name: string, eventSourceArn: string, policy: Policy, extra: Record<string, unknown> = {}): Promise<string> {
  collector.answer(name, policy);
  await deploy(client, name, REPORTING_FUNCTION, { environment: { COLLECTOR: collector.urlFor(name) }, timeout: 10 });
  return queues.map(client, name, eventSourceArn, extra);
}

const records = (name: string): SqsRecord[] => collector.events(name).flatMap((s) => s.event.Records);
const bodies = (name: string): string[] => records(name).map((r) => r.body);
const empty = (url: string) => async () => (await queues.remaining(url)) === 0;

/** Where a mapping stands, for a failure message: its status, what is left in the queue, what ran. */
async function explain(uuid: string, url: string, name: string): Promise<string> {
  const status = await mappingStatus(server.url, uuid);
  return `status ${JSON.stringify(status)}; ${await queues.remaining(url)} left in the queue; ` +
    `batches ${JSON.stringify(collector.events(name).map((s) => s.event.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount])))}; ` +
    `server output ends: ${server.output().slice(-2_000)}`;
}

test('batches hold at most BatchSize messages, each message runs once and is deleted', async () => {
  const queue = await queues.create('batches');
  const uuid = await mapped('batches-fn', queue.arn, () => ({}), { BatchSize: 3 });
  await queues.send(queue.url, Array.from({ length: 20 }, (_, i) => ({ MessageBody: `m${i}` })));
  await untilOr('20 messages ran', () => records('batches-fn').length === 20, () => explain(uuid, queue.url, 'batches-fn'));
  await until('the queue is empty', empty(queue.url));
  assert.deepEqual(bodies('batches-fn').sort(), Array.from({ length: 20 }, (_, i) => `m${i}`).sort(), await explain(uuid, queue.url, 'batches-fn'));
  assert.ok(collector.events('batches-fn').every((s) => s.event.Records.length >= 1 && s.event.Records.length <= 3));
});

test('a batching window: the function is invoked once the window has passed, with what arrived meanwhile', async () => {
  const queue = await queues.create('window');
  const uuid = await mapped('window-fn', queue.arn, () => ({}), { BatchSize: 50, MaximumBatchingWindowInSeconds: 3 });
  const sentAt = Date.now();
  await queues.send(queue.url, Array.from({ length: 12 }, (_, i) => ({ MessageBody: `w${i}` })));
  await untilOr('12 messages ran', () => records('window-fn').length === 12, () => explain(uuid, queue.url, 'window-fn'));
  const first = collector.events('window-fn')[0]!;
  assert.ok(first.at - sentAt >= 2_900, `the first batch came ${first.at - sentAt} ms after the send`);
  assert.deepEqual(collector.events('window-fn').map((s) => s.event.Records.length), [12], 'one batch over several receives');
  await until('the queue is empty', empty(queue.url));
});

test('a failing batch stays in the queue and runs again after the visibility timeout', async () => {
  const queue = await queues.create('retry', { VisibilityTimeout: '2' });
  await mapped('retry-fn', queue.arn, (_, nth) => (nth === 1 ? { fail: 'failed attempt' } : {}), { BatchSize: 1 });
  const [id] = await queues.send(queue.url, [{ MessageBody: '{"fail_attempts": 1}' }]);
  await until('the message ran twice', () => records('retry-fn').length === 2);
  await until('the queue is empty', empty(queue.url));
  const [first, second] = collector.events('retry-fn');
  assert.deepEqual(records('retry-fn').map((r) => [r.messageId, r.attributes.ApproximateReceiveCount]), [[id, '1'], [id, '2']]);
  assert.notEqual(first!.event.Records[0]!.receiptHandle, second!.event.Records[0]!.receiptHandle);
  assert.ok(second!.at - first!.at >= 1_500, `ran again after ${second!.at - first!.at} ms`);
});

test('a message that keeps failing goes to the queue\'s dead-letter queue after maxReceiveCount', async () => {
  const dlq = await queues.create('dead-letters');
  const queue = await queues.create('redrive', {
    VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  await mapped('redrive-fn', queue.arn, () => ({ fail: 'failed attempt' }), { BatchSize: 1 });
  await queues.send(queue.url, [{ MessageBody: '{"fail_attempts": 2}' }]);
  const moved = await queues.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 20 }));
  assert.equal(moved.Messages?.[0]?.Body, '{"fail_attempts": 2}');
  await until('the source queue is empty', empty(queue.url));
  assert.deepEqual(records('redrive-fn').map((r) => r.attributes.ApproximateReceiveCount), ['1', '2']);
});

test('ReportBatchItemFailures: only the reported messages come back, and a FIFO group fails from its first failure on', async () => {
  // AWS's recorded scenario: four messages of one group; each fails while its receive count is at most fail_attempts.
  const dlq = await queues.create('partial-dlq', { FifoQueue: 'true' });
  const queue = await queues.create('partial', {
    FifoQueue: 'true', VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  const ids = await queues.send(queue.url, [0, 1, 1, 2].map((fails, i) => ({
    MessageBody: JSON.stringify({ message: i + 1, fail_attempts: fails }), MessageGroupId: '1', MessageDeduplicationId: `dedup-${i + 1}`,
  })));
  await mapped('partial-fn', queue.arn, (event) => ({
    result: {
      batchItemFailures: event.Records
        .filter((r) => Number(r.attributes.ApproximateReceiveCount) <= (JSON.parse(r.body) as { fail_attempts: number }).fail_attempts)
        .map((r) => ({ itemIdentifier: r.messageId })),
    },
  }), { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  const moved = await queues.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 20 }));
  assert.equal(moved.Messages?.[0]?.Body, '{"message":4,"fail_attempts":2}');
  await until('the source queue is empty', empty(queue.url));
  const invocations = collector.events('partial-fn').map((s) => s.event.Records.map((r) => [r.messageId, r.attributes.ApproximateReceiveCount]));
  assert.deepEqual(invocations[0], [[ids[0], '1'], [ids[1], '1'], [ids[2], '1'], [ids[3], '1']]);
  // AWS hands the three back as one batch in order ([2, 3, 4]); moto's FIFO returns a group's failed
  // messages last first once they are visible again, so only which ones came back, and how often, is asserted.
  const retried = invocations.slice(1).flat().sort((x, y) => ids.indexOf(x[0]!) - ids.indexOf(y[0]!));
  assert.deepEqual(retried, [[ids[1], '2'], [ids[2], '2'], [ids[3], '2']]);
});

test('ReportBatchItemFailures: a FIFO group stops at its first reported failure, even when later ones are not named', async () => {
  const queue = await queues.create('group-stop', { FifoQueue: 'true', VisibilityTimeout: '2' });
  await queues.send(queue.url, ['a', 'b', 'c'].map((body, i) => ({ MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` })));
  await mapped('group-stop-fn', queue.arn, (event, nth) => ({
    result: { batchItemFailures: nth === 1 ? event.Records.filter((r) => r.body === 'b').map((r) => ({ itemIdentifier: r.messageId })) : [] },
  }), { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  await until('the queue is empty', empty(queue.url));
  const invocations = collector.events('group-stop-fn').map((s) => s.event.Records.map((r) => r.body));
  assert.deepEqual(invocations[0], ['a', 'b', 'c']);
  // c was not named but follows b in the group: it failed with it and came back with it (see above on moto's order).
  assert.deepEqual(invocations.slice(1).flat().sort(), ['b', 'c']);
});

test('ReportBatchItemFailures: an answer naming no item correctly fails the batch; an empty one succeeds', async () => {
  const dlq = await queues.create('invalid-dlq');
  const queue = await queues.create('invalid', {
    VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  await mapped('invalid-fn', queue.arn, () => ({ result: { batchItemFailures: [{ foo: 'notvalid' }] } }), {
    BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  await queues.send(queue.url, [{ MessageBody: '{"message": 1, "fail_attempts": 0}' }]);
  const moved = await queues.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 20 }));
  assert.equal(moved.Messages?.[0]?.Body, '{"message": 1, "fail_attempts": 0}');
  assert.deepEqual(records('invalid-fn').map((r) => r.attributes.ApproximateReceiveCount), ['1', '2']);

  const fine = await queues.create('empty-answer', { VisibilityTimeout: '2' });
  await mapped('empty-answer-fn', fine.arn, () => ({ result: {} }), { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  await queues.send(fine.url, [{ MessageBody: '{"message": 1, "fail_attempts": 0}' }]);
  await until('the queue is empty', empty(fine.url));
  assert.equal(records('empty-answer-fn').length, 1);
});

test('FilterCriteria: matching messages are invoked, the others deleted without an invocation', async () => {
  const queue = await queues.create('filtered');
  const uuid = await mapped('filter-fn', queue.arn, () => ({}), {
    BatchSize: 10, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { testItem: ['test24', 'test45'] } }) }] },
  });
  await queues.send(queue.url, [
    { MessageBody: '{"testItem": "test24"}' }, { MessageBody: '{"testItem": "test99"}' }, { MessageBody: 'this is a test string' },
    { MessageBody: '{"testItem": "test45", "other": 1}' },
  ]);
  await until('the queue is empty', empty(queue.url));
  await until('the matches ran', () => records('filter-fn').length === 2);
  assert.deepEqual(bodies('filter-fn').sort(), ['{"testItem": "test24"}', '{"testItem": "test45", "other": 1}']);
  const status = await mappingStatus(server.url, uuid);
  assert.equal(status.source, 'sqs');
  assert.equal(status.counts.filtered, 2, JSON.stringify(status.counts));
  assert.equal(status.counts.received, 4);
  assert.equal(status.lagMs, 0);
});

test('ScalingConfig.MaximumConcurrency: no more invocations at once than it allows', async () => {
  const queue = await queues.create('capped');
  await mapped('capped-fn', queue.arn, () => ({ delayMs: 300 }), { BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } });
  await queues.send(queue.url, Array.from({ length: 10 }, (_, i) => ({ MessageBody: `c${i}` })));
  await until('10 messages ran', () => records('capped-fn').length === 10);
  await until('the queue is empty', empty(queue.url));
  assert.equal(collector.mostAtOnce('capped-fn'), 2);
});

test('without MaximumConcurrency several batches run at once', async () => {
  const queue = await queues.create('parallel');
  await mapped('parallel-fn', queue.arn, () => ({ delayMs: 500 }), { BatchSize: 1 });
  await queues.send(queue.url, Array.from({ length: 10 }, (_, i) => ({ MessageBody: `p${i}` })));
  await until('10 messages ran', () => records('parallel-fn').length === 10);
  assert.ok(collector.mostAtOnce('parallel-fn') >= 3, `at most ${collector.mostAtOnce('parallel-fn')} at once`);
});
