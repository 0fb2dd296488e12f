/** Reserved concurrency: AWS's answers (recorded: TestLambdaReservedConcurrency::*) and the account pool. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, DeleteFunctionCommand, DeleteFunctionConcurrencyCommand, GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand, PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { ROLE, arnOf, createEcho, echoZip, invalidParameter, rejectsWith, validation, type ExpectedError } from '../functions/fixtures.js';

const server = await startLambkin();
const client = server.client();

const put = (FunctionName: string, ReservedConcurrentExecutions: number) =>
  client.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions }));
const get = (FunctionName: string) => client.send(new GetFunctionConcurrencyCommand({ FunctionName }));
const unreserved = async () => (await client.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions;

/** AWS sends the pool errors without a Type member. */
const belowMinimum: ExpectedError = {
  name: 'InvalidParameterValueException', status: 400,
  message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
};

await createEcho(client, 'fn');

describe('reserved concurrency', () => {
  it('is put, read and deleted as AWS answers', async () => {
    const zero = await put('fn', 0);
    assert.equal(zero.$metadata.httpStatusCode, 200);
    assert.equal(zero.ReservedConcurrentExecutions, 0);
    assert.equal((await put(arnOf('fn'), 1)).ReservedConcurrentExecutions, 1);
    const got = await get('fn');
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.equal(got.ReservedConcurrentExecutions, 1);
    assert.equal(await unreserved(), 999);
    const deleted = await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'fn' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const after = await get('fn');
    assert.equal(after.$metadata.httpStatusCode, 200);
    assert.equal(after.ReservedConcurrentExecutions, undefined);
    assert.equal(await unreserved(), 1000);
  });

  it('refuses missing functions, qualified names and negative numbers', async () => {
    const missing: ExpectedError = {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Function not found: ${arnOf('doesnotexist', undefined, '$LATEST')}`,
    };
    await rejectsWith(put('doesnotexist', 1), missing);
    await rejectsWith(put('doesnotexist', 0), missing);
    await rejectsWith(get('doesnotexist'), missing);
    await rejectsWith(client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'doesnotexist' })), missing);
    const onlyFunctions = invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
    await rejectsWith(put(arnOf('fn', undefined, '$LATEST'), 0), onlyFunctions);
    await rejectsWith(get('fn:$LATEST'), onlyFunctions);
    await rejectsWith(put('fn', -1), validation("Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0"));
    assert.equal((await get('fn')).ReservedConcurrentExecutions, undefined);
  });

  it('keeps 100 of the account\'s 1000 unreserved', async () => {
    await createEcho(client, 'other');
    await rejectsWith(put('fn', 1001), belowMinimum);
    await rejectsWith(put('fn', 999), belowMinimum);
    await rejectsWith(put('fn', 901), belowMinimum);
    assert.equal((await put('fn', 900)).ReservedConcurrentExecutions, 900);
    assert.equal(await unreserved(), 100);
    // The function's own reservation is replaced, not added to.
    assert.equal((await put('fn', 900)).ReservedConcurrentExecutions, 900);
    await rejectsWith(put('other', 1), belowMinimum);
    await put('fn', 500);
    assert.equal((await put('other', 400)).ReservedConcurrentExecutions, 400);
    await rejectsWith(put('fn', 501), belowMinimum);
    assert.equal(await unreserved(), 100);
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'fn' }));
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'other' }));
    assert.equal(await unreserved(), 1000);
  });

  it('goes with its function', async () => {
    await createEcho(client, 'short-lived');
    await put('short-lived', 300);
    assert.equal(await unreserved(), 700);
    await client.send(new DeleteFunctionCommand({ FunctionName: 'short-lived' }));
    await waitFor(async () => (await unreserved()) === 1000);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'short-lived', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await echoZip() },
    }));
    assert.equal((await get('short-lived')).ReservedConcurrentExecutions, undefined);
  });

  it('is kept per account', async () => {
    const otherAccount = server.client('222222222222');
    await createEcho(otherAccount, 'fn');
    await otherAccount.send(new PutFunctionConcurrencyCommand({ FunctionName: 'fn', ReservedConcurrentExecutions: 800 }));
    assert.equal((await otherAccount.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions, 200);
    assert.equal(await unreserved(), 1000);
    assert.equal((await get('fn')).ReservedConcurrentExecutions, undefined);
  });
});

/** The cleanup after a deletion runs just after DeleteFunction answers. */
function waitFor(condition: () => Promise<boolean>): Promise<void> {
  return until('the cleanup after the deletion', condition);
}
