/** An execution belongs to its function's account: another account can neither read nor stop it by its ARN. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { invalidParameter, rejectsWith } from '../functions/fixtures.js';
import { CALLBACK_WORKFLOW, callbackIdOf, createWorkflow, startAsync } from './helpers.js';

const server = await startLambkin();
const owner = server.client();
const other = server.client('222222222222');

await createWorkflow(owner, 'private', CALLBACK_WORKFLOW);
const arn = await startAsync(owner, 'private', { secret: 1 });
const callbackId = await callbackIdOf(owner, arn);

const denied = (action: string) => ({
  name: 'AccessDeniedException', status: 403,
  message: `User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:${action} on resource: ${arn} because no resource-based policy allows the lambda:${action} action`,
});

describe('another account', { concurrency: true }, () => {
  it('is refused GetDurableExecution and GetDurableExecutionHistory', async () => {
    await rejectsWith(other.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn })), denied('GetDurableExecution'));
    await rejectsWith(other.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn })), denied('GetDurableExecutionHistory'));
  });

  it('is refused StopDurableExecution, and the execution runs on', async () => {
    await rejectsWith(other.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })), denied('StopDurableExecution'));
    assert.equal((await owner.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status, 'RUNNING');
  });

  it('does not find the callback', async () => {
    await rejectsWith(other.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"x"') })),
      invalidParameter('Invalid callback id'));
  });

  it('sees nothing of an execution ARN in another region', async () => {
    const elsewhere = arn.replace(':us-east-1:', ':eu-west-1:');
    await rejectsWith(owner.send(new GetDurableExecutionCommand({ DurableExecutionArn: elsewhere })),
      { name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'Durable Execution does not exist' });
  });
});
