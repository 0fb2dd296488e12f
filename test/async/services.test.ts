/** The other target services, through moto: SNS dead-letter topics, EventBridge and S3 destinations. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PutFunctionEventInvokeConfigCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startLambkin } from '../support/server.js';
import { deploy, eventually } from '../api/invoke/helpers.js';
import { startMoto } from '../support/moto.js';
import { Queues, invokeEvent } from './helpers.js';

const moto = await startMoto();
const queues = new Queues(moto);
const sns = new SNSClient(moto.clientOptions);
const events = new EventBridgeClient(moto.clientOptions);
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
after(() => { queues.destroy(); sns.destroy(); events.destroy(); s3.destroy(); });
const server = await startLambkin({ env: { ...moto.env, LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' } });
const client = server.client();
const FAIL = { 'index.js': 'exports.handler = async () => { throw new Error("intentional failure"); };' };
const FN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`;

test('an SNS dead-letter topic gets the event with the error attributes', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'dead-letters' }));
  const queue = await queues.create('sns-subscriber');
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
  await deploy(client, 'sns-dlq', FAIL);
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'sns-dlq', DeadLetterConfig: { TargetArn: TopicArn } }));
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'sns-dlq', MaximumRetryAttempts: 0 }));
  const requestId = await invokeEvent(client, 'sns-dlq', { k: 'v' });
  const [message] = await queues.take(queue.url, 1);
  const envelope = JSON.parse(message!.Body!) as { Message: string; MessageAttributes: Record<string, { Type: string; Value: string }> };
  assert.equal(envelope.Message, '{"k":"v"}');
  assert.deepEqual(envelope.MessageAttributes, {
    RequestID: { Type: 'String', Value: requestId },
    ErrorCode: { Type: 'Number', Value: '200' },
    ErrorMessage: { Type: 'String', Value: 'intentional failure' },
  });
});

test('an EventBridge destination gets the record as the detail of a "lambda" event', async () => {
  const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: 'results' }));
  const queue = await queues.create('bus-target');
  await events.send(new PutRuleCommand({ Name: 'all', EventBusName: 'results', EventPattern: JSON.stringify({ source: ['lambda'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'all', EventBusName: 'results', Targets: [{ Id: 'q', Arn: queue.arn }] }));
  await deploy(client, 'to-bus', { 'index.js': 'exports.handler = async () => ({ hello: "world" });' });
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'to-bus', DestinationConfig: { OnSuccess: { Destination: EventBusArn } } }));
  const requestId = await invokeEvent(client, 'to-bus', { mode: 'success' });
  const [message] = await queues.take(queue.url, 1);
  const event = JSON.parse(message!.Body!) as Record<string, any>;
  assert.equal(event.source, 'lambda');
  assert.equal(event['detail-type'], 'Lambda Function Invocation Result - Success');
  assert.deepEqual(event.resources, [EventBusArn, FN('to-bus')]);
  assert.deepEqual(event.detail.requestContext, { requestId, functionArn: FN('to-bus'), condition: 'Success', approximateInvokeCount: 1 });
  assert.deepEqual(event.detail.responsePayload, { hello: 'world' });
});

test('an S3 failure destination gets the record as an object under aws/lambda/async/<function>/', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'failures' }));
  await deploy(client, 'to-bucket', FAIL);
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'to-bucket', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::failures' } },
  }));
  const requestId = await invokeEvent(client, 'to-bucket', { n: 1 });
  const key = await eventually(async () => {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'failures', Prefix: 'aws/lambda/async/to-bucket/' }));
    return list.Contents?.[0]?.Key;
  }, 15_000);
  assert.match(key, /^aws\/lambda\/async\/to-bucket\/\d{4}\/\d{2}\/\d{2}\/\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}-[0-9a-f-]{36}$/);
  const object = await s3.send(new GetObjectCommand({ Bucket: 'failures', Key: key }));
  const record = JSON.parse(await object.Body!.transformToString()) as Record<string, any>;
  assert.deepEqual(record.requestContext, { requestId, functionArn: FN('to-bucket'), condition: 'RetriesExhausted', approximateInvokeCount: 1 });
});
