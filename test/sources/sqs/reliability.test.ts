/**
 * SQS mappings under failure: Lambkin killed with SIGKILL mid-stream loses no message (each runs at least
 * once after the restart), a queue that disappears is reported and read again once it is back, and a
 * function that always fails does not hold up another mapping.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { until } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import { REPORTING_FUNCTION, startCollector, type Policy } from './collector.js';
import { MotoQueues, mappingStatus, waitForState } from './helpers.js';

const moto = await startMoto();
const queues = new MotoQueues(moto, { visibilityAfterMapping: true });
after(() => queues.destroy());
const collector = await startCollector();
const server = await startLambkin({ env: moto.env });

async function mapped(name: string, eventSourceArn: string, policy: Policy, extra: Record<string, unknown> = {}): Promise<string> {
  const client = server.client();
  collector.answer(name, policy);
  await deploy(client, name, REPORTING_FUNCTION, { environment: { COLLECTOR: collector.urlFor(name) }, timeout: 10 });
  return queues.map(client, name, eventSourceArn, extra);
}

const bodiesSeen = (name: string): Set<string> => new Set(collector.events(name).flatMap((s) => s.event.Records.map((r) => r.body)));

test('killed with SIGKILL mid-stream and restarted, every message still runs at least once', async () => {
  const queue = await queues.create('busy', { VisibilityTimeout: '3' });
  const sent = Array.from({ length: 300 }, (_, i) => `message-${i}`);
  await mapped('busy-fn', queue.arn, () => ({ delayMs: 40 }), { BatchSize: 5 });
  await queues.send(queue.url, sent.map((MessageBody) => ({ MessageBody })));
  await until('a part of the messages ran', () => bodiesSeen('busy-fn').size >= 40, 60_000);
  await server.stop('SIGKILL');
  const beforeRestart = bodiesSeen('busy-fn').size;
  assert.ok(beforeRestart < sent.length, `all ${beforeRestart} ran before the kill: nothing was in flight`);
  await server.restart();
  await until('every message ran', () => bodiesSeen('busy-fn').size === sent.length, 120_000);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0, 60_000);
  assert.deepEqual([...bodiesSeen('busy-fn')].sort(), [...sent].sort());
});

test('a queue that disappears is reported in AWS\'s words, and read again once it is back', async () => {
  const queue = await queues.create('vanishing');
  const name = queue.arn.split(':').pop()!;
  const uuid = await mapped('vanishing-fn', queue.arn, () => ({}), { BatchSize: 1 });
  await queues.sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
  let status: Record<string, any> = {};
  await until('the mapping reports the missing queue', async () => {
    status = await mappingStatus(server.url, uuid);
    return typeof status.sourceProblem === 'string';
  }, 60_000);
  // AWS's LastProcessingResult wording, naming the call that failed.
  assert.match(status.sourceProblem, /^Error occurred while (ReceiveMessage|GetQueueUrl|GetQueueAttributes)\. SQS Error Code: AWS\.SimpleQueueService\.NonExistentQueue\. SQS Error Message: The specified queue does not exist\.$/);
  const { QueueUrl } = await queues.sqs.send(new CreateQueueCommand({ QueueName: name }));
  await queues.send(QueueUrl!, [{ MessageBody: 'after the gap' }]);
  await until('the message ran', () => bodiesSeen('vanishing-fn').has('after the gap'), 90_000);
  await until('the problem is cleared', async () => (await mappingStatus(server.url, uuid)).sourceProblem === null);
});

test('a function that always fails does not hold up another mapping', async () => {
  const poisoned = await queues.create('poisoned', { VisibilityTimeout: '2' });
  const healthy = await queues.create('healthy');
  await mapped('always-fails', poisoned.arn, () => ({ fail: 'always' }), { BatchSize: 1 });
  await queues.send(poisoned.url, Array.from({ length: 30 }, (_, i) => ({ MessageBody: `bad-${i}` })));
  await until('the failing function is busy failing', () => collector.events('always-fails').length >= 5);
  await mapped('keeps-going', healthy.arn, () => ({}), { BatchSize: 1 });
  const sentAt = Date.now();
  await queues.send(healthy.url, [{ MessageBody: 'good' }]);
  await until('the healthy mapping ran', () => bodiesSeen('keeps-going').has('good'));
  const ranAt = collector.events('keeps-going')[0]!.at;
  assert.ok(ranAt - sentAt < 10_000, `ran ${ranAt - sentAt} ms after the send`);
});
