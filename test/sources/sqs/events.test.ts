/**
 * SQS mappings end to end: a real Lambkin polling moto's SQS and invoking real functions, which report
 * each event they get to the test. The event field by field, for standard and FIFO queues, and the
 * message deleted once the function returned.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { until } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import { REPORTING_FUNCTION, startCollector } from './collector.js';
import { MotoQueues, waitForState } from './helpers.js';

const moto = await startMoto();
const queues = new MotoQueues(moto, { visibilityAfterMapping: true });
after(() => queues.destroy());
const collector = await startCollector();
const server = await startLambkin({ env: moto.env });
const client = server.client();

async function mapped(name: string, eventSourceArn: string, extra: Record<string, unknown> = {}): Promise<string> {
  await deploy(client, name, REPORTING_FUNCTION, { environment: { COLLECTOR: collector.urlFor(name) } });
  return queues.map(client, name, eventSourceArn, extra);
}

test('a standard queue\'s message reaches the function exactly as AWS shapes it, then leaves the queue', async () => {
  const queue = await queues.create('shape');
  await mapped('shape-fn', queue.arn);
  const sent = await queues.sqs.send(new SendMessageCommand({
    QueueUrl: queue.url,
    MessageBody: '{"destination": "somewhere", "fail_attempts": 0}',
    MessageAttributes: {
      Title: { DataType: 'String', StringValue: 'The Whistler' },
      Author: { DataType: 'String', StringValue: 'John Grisham' },
      WeeksOn: { DataType: 'Number', StringValue: '6' },
      Cover: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 250]) },
    },
  }));
  const plain = await queues.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'no attributes' }));
  await until('both messages ran', () => collector.events('shape-fn').flatMap((s) => s.event.Records).length === 2);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  const records = collector.events('shape-fn').flatMap((s) => s.event.Records);
  for (const seen of collector.events('shape-fn')) assert.deepEqual(Object.keys(seen.event), ['Records']);
  const withAttributes = records.find((r) => r.messageId === sent.MessageId)!;
  const sentTimestamp = Number(withAttributes.attributes.SentTimestamp);
  assert.ok(Math.abs(sentTimestamp - Date.now()) < 120_000);
  assert.ok(Number(withAttributes.attributes.ApproximateFirstReceiveTimestamp) >= sentTimestamp);
  assert.match(withAttributes.receiptHandle, /^\S{20,}$/);
  assert.deepEqual(withAttributes, {
    messageId: sent.MessageId,
    receiptHandle: withAttributes.receiptHandle,
    body: '{"destination": "somewhere", "fail_attempts": 0}',
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: withAttributes.attributes.SentTimestamp,
      SenderId: withAttributes.attributes.SenderId,
      ApproximateFirstReceiveTimestamp: withAttributes.attributes.ApproximateFirstReceiveTimestamp,
    },
    messageAttributes: {
      Title: { stringValue: 'The Whistler', stringListValues: [], binaryListValues: [], dataType: 'String' },
      Author: { stringValue: 'John Grisham', stringListValues: [], binaryListValues: [], dataType: 'String' },
      WeeksOn: { stringValue: '6', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      Cover: { binaryValue: Buffer.from([0, 1, 2, 250]).toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    },
    md5OfMessageAttributes: sent.MD5OfMessageAttributes,
    md5OfBody: sent.MD5OfMessageBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: 'us-east-1',
  });
  assert.deepEqual(Object.keys(withAttributes), [
    'messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfMessageAttributes', 'md5OfBody',
    'eventSource', 'eventSourceARN', 'awsRegion',
  ]);
  assert.deepEqual(Object.keys(withAttributes.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
  assert.match(withAttributes.attributes.SenderId!, /^\S+$/);
  const bare = records.find((r) => r.messageId === plain.MessageId)!;
  assert.deepEqual(bare.messageAttributes, {});
  assert.equal(bare.md5OfMessageAttributes, null);
  assert.equal(bare.md5OfBody, plain.MD5OfMessageBody);
});

test('a FIFO queue\'s records carry the group and deduplication ids, in the group\'s order', async () => {
  const queue = await queues.create('fifo-shape', { FifoQueue: 'true' });
  await mapped('fifo-shape-fn', queue.arn, { BatchSize: 10 });
  const ids: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const out = await queues.sqs.send(new SendMessageCommand({
      QueueUrl: queue.url, MessageBody: `{"message": ${i}}`, MessageGroupId: '1', MessageDeduplicationId: `dedup-${i}`,
    }));
    ids.push(out.MessageId!);
  }
  await until('four messages ran', () => collector.events('fifo-shape-fn').flatMap((s) => s.event.Records).length === 4);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  const records = collector.events('fifo-shape-fn').flatMap((s) => s.event.Records);
  assert.deepEqual(records.map((r) => r.messageId), ids);
  records.forEach((r, i) => {
    assert.equal(r.attributes.MessageGroupId, '1');
    assert.equal(r.attributes.MessageDeduplicationId, `dedup-${i + 1}`);
    assert.equal(r.attributes.ApproximateReceiveCount, '1');
    // AWS's order; SequenceNumber is there when the endpoint gives one (moto does not).
    const order = ['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp'];
    assert.deepEqual(Object.keys(r.attributes), order.filter((k) => k in r.attributes));
    assert.equal(r.eventSourceARN, queue.arn);
    assert.equal(r.md5OfMessageAttributes, null);
  });
});
