/** The invokes every CloudWatch test reads back: successes, errors, a throttle and a published version. */
import { PublishVersionCommand, PutFunctionConcurrencyCommand, TooManyRequestsException, type LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import assert from 'node:assert/strict';
import { deploy, invoke } from '../api/invoke/helpers.js';
import type { TestServer } from '../support/server.js';

export const HANDLER = `exports.handler = async (event) => {
  if (event.fail) throw new Error('boom');
  return { ok: true };
};
`;

/** What the scenario ran: the exact counts the metrics must show. */
export const RAN = {
  /** `metered`: $LATEST successes and errors, then one success of version 1. */
  latestSuccesses: 3,
  latestErrors: 2,
  versionOneSuccesses: 1,
  /** `refused` (reserved concurrency 0): every invoke throttled. */
  throttles: 1,
} as const;

export async function runScenario(lambda: LambdaClient): Promise<void> {
  await deploy(lambda, 'metered', { 'index.js': HANDLER });
  for (let i = 0; i < RAN.latestSuccesses; i++) assert.equal((await invoke(lambda, 'metered', {})).functionError, undefined);
  for (let i = 0; i < RAN.latestErrors; i++) assert.equal((await invoke(lambda, 'metered', { fail: true })).functionError, 'Unhandled');
  await lambda.send(new PublishVersionCommand({ FunctionName: 'metered' }));
  assert.equal((await invoke(lambda, 'metered:1', {})).executedVersion, '1');

  await deploy(lambda, 'refused', { 'index.js': HANDLER });
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'refused', ReservedConcurrentExecutions: 0 }));
  await assert.rejects(invoke(lambda, 'refused', {}), (err: unknown) => err instanceof TooManyRequestsException);
}

export function cloudWatch(server: TestServer, accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret'): CloudWatchClient {
  return new CloudWatchClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/**
 * Three day-long periods, the middle one from 12 hours before now to 12 hours after, so that one period
 * holds every invoke of a test run even when it crosses midnight. Periods count from StartTime.
 */
export function dayWindow(now = Date.now()): { start: Date; end: Date } {
  const day = 86_400_000;
  const start = Math.floor((now - day - day / 2) / 60_000) * 60_000;
  return { start: new Date(start), end: new Date(start + 3 * day) };
}
