/**
 * What the newest model changes for functions: its Runtime enum lists runtimes AWS does not yet accept
 * for new functions and runtimes Lambkin cannot run, and existing shapes gained members. None of that
 * changes an answer Lambkin gave before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvokeCommand, Runtime, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createEcho, invalidParameter, rejectsWith } from './fixtures.js';

const server = await startLambkin();
const client = server.client();
const ACCEPTED = 'nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2';

describe('runtimes of the newest model', () => {
  it('refuses the runtimes only the SDK lists, as AWS refuses runtimes outside its accepted set', async () => {
    for (const runtime of ['nodejs26.x', 'python3.15', 'java8.al2023', 'java11.al2023', 'java17.al2023'] as const) {
      assert.ok((Object.values(Runtime) as string[]).includes(runtime), `${runtime} is in the SDK's Runtime enum`);
      await rejectsWith(createEcho(client, `new-${runtime.replace(/\./g, '-')}`, { Runtime: runtime }), invalidParameter(
        `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${ACCEPTED}] or be a valid ARN`));
    }
  });

  it('accepts java25, dotnet10 and ruby3.4 and answers their invocations with InvalidRuntimeException', async () => {
    for (const runtime of ['java25', 'dotnet10', 'ruby3.4'] as const) {
      const name = `host-lacks-${runtime.replace(/\./g, '-')}`;
      const { out } = await createEcho(client, name, { Runtime: runtime });
      assert.equal(out.Runtime, runtime);
      await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: name });
      await rejectsWith(client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') })), {
        name: 'InvalidRuntimeException', status: 502, type: 'User',
        message: `The runtime ${runtime} is not available on this Lambkin host: this runtime is not supported`,
      });
    }
  });
});

describe('members the newest model added to function settings', () => {
  it('validates a new member against the constraints of its shape', async () => {
    await rejectsWith(createEcho(client, 'durable-bad-kms', { DurableConfig: { ExecutionTimeout: 60, KMSKeyArn: 'not-an-arn' } }), {
      name: 'ValidationException', status: 400,
      message: "1 validation error detected: Value 'not-an-arn' at 'durableConfig.kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()",
    });
  });
});
