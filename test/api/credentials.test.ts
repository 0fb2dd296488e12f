/** Signature checks through the real server started with --credentials FILE. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { createEcho, rejectsWith } from './functions/fixtures.js';

const file = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
writeFileSync(file, JSON.stringify({ AKIAGOOD: { secretAccessKey: 'good-secret', accountId: '555555555555' } }));
const server = await startLambkin({ args: ['--credentials', file] });

describe('verified signatures', () => {
  it('accepts a known key signed with its secret, as the file\'s account', async () => {
    const client = server.client('AKIAGOOD', 'good-secret');
    const { out } = await createEcho(client, 'signed');
    assert.equal(out.FunctionArn, 'arn:aws:lambda:us-east-1:555555555555:function:signed');
  });

  it('refuses a bad secret with 403 InvalidSignatureException', async () => {
    await assert.rejects(server.client('AKIAGOOD', 'wrong').send(new ListFunctionsCommand({})), (err: Error & { $metadata: { httpStatusCode: number } }) => {
      assert.equal(err.name, 'InvalidSignatureException');
      assert.equal(err.$metadata.httpStatusCode, 403);
      // AWS follows its sentence with the canonical request and string to sign it computed.
      assert.ok(err.message.startsWith(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n\'GET\n/2015-03-31/functions\n'),
      err.message);
      return true;
    });
  });

  it('refuses an unknown key with 403 UnrecognizedClientException', async () => {
    await rejectsWith(server.client('AKIAUNKNOWN', 'whatever').send(new ListFunctionsCommand({})), {
      name: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.',
    });
  });
});
