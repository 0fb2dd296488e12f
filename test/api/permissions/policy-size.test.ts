// A resource-based policy stops at AWS's 20 KB quota: the statement that would outgrow it is refused
// with PolicyLengthExceededException, and the policy stays as it was.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddLayerVersionPermissionCommand, AddPermissionCommand, GetLayerVersionPolicyCommand, GetPolicyCommand, PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { createEcho } from '../functions/fixtures.js';

const LIMIT = 20_480;
const server = await startLambkin();
const client = server.client();

/**
 * Adds statements until one is refused; checks the refusal and that the policy kept before it is
 * within the quota and unchanged. `read` returns the policy text and its revision.
 */
async function fillUntilRefused(add: (sid: string) => Promise<unknown>, read: () => Promise<{ policy: string; revision: string }>): Promise<void> {
  let refusal: (Error & { $metadata?: { httpStatusCode?: number }; Type?: string }) | undefined;
  let added = 0;
  for (; added < 500 && !refusal; added++) {
    try {
      await add(`statement-${String(added).padStart(4, '0')}`);
    } catch (err) {
      refusal = err as typeof refusal;
    }
  }
  assert.ok(refusal, 'no statement was refused');
  assert.equal(refusal.name, 'PolicyLengthExceededException');
  assert.equal(refusal.$metadata?.httpStatusCode, 400);
  assert.equal(refusal.Type, 'User');
  const size = Number(/^The final policy size \((\d+)\) is bigger than the limit \(20480\)\.$/.exec(refusal.message)?.[1]);
  const kept = await read();
  const keptSize = Buffer.byteLength(kept.policy);
  assert.ok(keptSize <= LIMIT && size > LIMIT, `${keptSize} kept, ${size} refused`);
  // The refused size is the kept document with the new statement appended (it differs only in its Sid digits).
  const statements = (JSON.parse(kept.policy) as { Statement: unknown[] }).Statement;
  assert.equal(statements.length, added - 1);
  assert.equal(size, keptSize + 1 + JSON.stringify(statements[statements.length - 1]).length);
  const again = await read();
  assert.equal(again.revision, kept.revision);
}

describe('the 20 KB resource-based policy quota', () => {
  it('AddPermission refuses the statement that would outgrow a function\'s policy', async () => {
    await createEcho(client, 'popular');
    await fillUntilRefused(
      (sid) => client.send(new AddPermissionCommand({
        FunctionName: 'popular', StatementId: sid, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:000000000000:api-id/*/GET/${sid}`,
      })),
      async () => {
        const out = await client.send(new GetPolicyCommand({ FunctionName: 'popular' }));
        return { policy: out.Policy!, revision: out.RevisionId! };
      });
  });

  it('AddLayerVersionPermission refuses the statement that would outgrow a layer version\'s policy', async () => {
    await client.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: await makeZip(NODE_ECHO) } }));
    await fillUntilRefused(
      (sid) => client.send(new AddLayerVersionPermissionCommand({
        LayerName: 'shared', VersionNumber: 1, StatementId: sid, Action: 'lambda:GetLayerVersion', Principal: '123456789012',
      })),
      async () => {
        const out = await client.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }));
        return { policy: out.Policy!, revision: out.RevisionId! };
      });
  });
});
