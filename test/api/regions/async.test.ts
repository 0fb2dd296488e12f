/**
 * Asynchronous invocations keep their region: the record names the function's own ARN, an SQS destination
 * is reached in its ARN's region (moto keeps regions apart), and a Lambda destination is its region's function.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PutFunctionEventInvokeConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { deploy, eventually } from '../invoke/helpers.js';
import { Queues, invokeEvent } from '../../async/helpers.js';
import { ACCOUNT, functionArnIn, regionClient } from './clients.js';

const moto = await startMoto();
const server = await startLambkin({ env: { ...moto.env, LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' } });
const REGIONS = ['us-west-2', 'eu-central-1'];
const lambdas: Record<string, LambdaClient> = Object.fromEntries(REGIONS.map((r) => [r, regionClient(server.url, r)]));
const sqs: Record<string, SQSClient> = Object.fromEntries(REGIONS.map((r) => [r, new SQSClient({ ...moto.clientOptions, region: r })]));
after(() => { for (const c of Object.values(sqs)) c.destroy(); });

async function queueIn(region: string, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs[region]!.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs[region]!.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

const REPORT = { 'index.js': 'exports.handler = async (event) => { console.log("got " + JSON.stringify(event)); return { region: process.env.AWS_REGION }; };\n' };

test('an SQS destination is reached in its own region, with a record of the function\'s own region', async () => {
  const targets: Record<string, { url: string; arn: string }> = {};
  for (const region of REGIONS) {
    targets[region] = await queueIn(region, 'results');
    assert.match(targets[region]!.arn, new RegExp(`^arn:aws:sqs:${region}:`));
    await deploy(lambdas[region]!, 'to-queue', REPORT);
    await lambdas[region]!.send(new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'to-queue', DestinationConfig: { OnSuccess: { Destination: targets[region]!.arn } },
    }));
  }
  for (const region of REGIONS) {
    const requestId = await invokeEvent(lambdas[region]!, 'to-queue', { from: region });
    // Each region's queue (a different queue in moto, under the same name) gets its own function's record.
    const client = new Queues({ ...moto, clientOptions: { ...moto.clientOptions, region } });
    try {
      const [message] = await client.take(targets[region]!.url, 1, 60_000);
      const record = JSON.parse(message!.Body!) as Record<string, any>;
      assert.deepEqual(record.requestContext, {
        requestId, functionArn: functionArnIn(region, 'to-queue', '$LATEST'), condition: 'Success', approximateInvokeCount: 1,
      });
      assert.deepEqual(record.requestPayload, { from: region });
      assert.deepEqual(record.responsePayload, { region });
    } finally {
      client.destroy();
    }
  }
});

test('a Lambda destination is the function of the source\'s region, not its namesake elsewhere', async () => {
  for (const region of REGIONS) await deploy(lambdas[region]!, 'chain-dst', REPORT);
  await deploy(lambdas['eu-central-1']!, 'chain-src', REPORT);
  await lambdas['eu-central-1']!.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'chain-src', DestinationConfig: { OnSuccess: { Destination: functionArnIn('eu-central-1', 'chain-dst') } },
  }));
  await invokeEvent(lambdas['eu-central-1']!, 'chain-src', { hop: 1 });
  const logOf = async (region: string) => {
    const res = await fetch(`${server.url}/_lambkin/logs/chain-dst?region=${region}&account=${ACCOUNT}`);
    return res.status === 200 ? await res.text() : '';
  };
  const delivered = await eventually(async () => {
    const text = await logOf('eu-central-1');
    return text.includes('"condition\\":\\"Success\\"') ? text : undefined;
  }, 60_000);
  assert.ok(delivered.includes(`\\"functionArn\\":\\"${functionArnIn('eu-central-1', 'chain-src', '$LATEST')}\\"`), delivered);
  assert.doesNotMatch(await logOf('us-west-2'), /START RequestId/);
});
