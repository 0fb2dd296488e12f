import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuthenticator, type AuthRequest } from '../../../src/api/auth/index.js';
import { SIGNATURE_MISMATCH_MESSAGE } from '../../../src/api/auth/errors.js';
import { LambdaError } from '../../../src/errors/base.js';
import { rejectsWith } from './expect-error.js';
import { SIGNED_AT, presignedRequest, signedRequest } from './signing.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-auth-'));
const credentialsFile = join(dir, 'credentials.json');
writeFileSync(
  credentialsFile,
  JSON.stringify({
    AKIAEXAMPLE: { secretAccessKey: 'secret-example', accountId: '111111111111' },
    AKIADEFAULT: { secretAccessKey: 'secret-default' },
    ASIATEMPORARY: { secretAccessKey: 'secret-temp', accountId: '333333333333', sessionToken: 'token-1' },
  }),
);

let clock = SIGNED_AT;
const auth = createAuthenticator({ defaultAccountId: '000000000000', credentialsFile, now: () => clock });
const at = (iso: string) => {
  clock = new Date(iso);
};

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const ARN_PATH = '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations';
const mismatch = (canonicalRequest: string, stringToSign: string) =>
  `${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'` +
  `\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`;

async function rejectsAsMismatch(req: AuthRequest): Promise<void> {
  await assert.rejects(auth.authenticate(req), (err: unknown) => {
    assert.ok(err instanceof LambdaError);
    assert.equal(err.code, 'InvalidSignatureException');
    assert.equal(err.status, 403);
    assert.ok(err.message.startsWith(`${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String`), err.message);
    return true;
  });
}

describe('verified mode: signatures that verify', () => {
  it('is verifying', () => {
    assert.equal(auth.verifying, true);
  });

  it('accepts an SDK-style signature and takes the account from the file', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ method: 'POST', path: ARN_PATH, query: { Qualifier: '$LATEST' }, body: '{"k":1}' });
    assert.equal(req.rawQuery, 'Qualifier=%24LATEST');
    assert.deepEqual(await auth.authenticate(req), { accountId: '111111111111', accessKeyId: 'AKIAEXAMPLE', region: 'us-east-1' });
  });

  it('verifies a signature for any region with that region, and reports the region it was scoped to', async () => {
    at('2026-11-21T09:30:00Z');
    for (const region of ['us-west-2', 'eu-central-1', 'ap-northeast-1']) {
      const req = await signedRequest({ method: 'POST', path: ARN_PATH, body: '{}' }, { region });
      assert.deepEqual(await auth.authenticate(req), { accountId: '111111111111', accessKeyId: 'AKIAEXAMPLE', region });
      assert.equal((await auth.authenticate(await presignedRequest({ path: ARN_PATH }, { region }))).region, region);
      await rejectsAsMismatch(await signedRequest({ method: 'POST', path: ARN_PATH, body: '{}' }, { region, secretAccessKey: 'guess' }));
    }
  });

  it('refuses a signature made for one region whose credential claims another', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ method: 'POST', path: ARN_PATH, body: '{}' }, { region: 'us-east-1' });
    const authorization = String(req.headers.authorization).replace('/us-east-1/lambda/', '/us-west-2/lambda/');
    await rejectsAsMismatch({ ...req, headers: { ...req.headers, authorization } });
  });

  it('puts a key without accountId in the default account', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({}, { accessKeyId: 'AKIADEFAULT', secretAccessKey: 'secret-default' });
    assert.deepEqual(await auth.authenticate(req), { accountId: '000000000000', accessKeyId: 'AKIADEFAULT', region: 'us-east-1' });
  });

  it('accepts encoded labels in the path, $LATEST included', async () => {
    at('2026-11-21T09:30:00Z');
    const path = '/2015-03-31/functions/my-function%3A%24LATEST/configuration';
    const req = await signedRequest({ path, query: { Qualifier: '$LATEST', Marker: 'a b+c/d' } });
    assert.equal(req.rawPath, path);
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
  });

  it('accepts a signer that used the path as sent instead of encoding it again', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ method: 'POST', path: ARN_PATH }, { uriEscapePath: false });
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
  });

  it('accepts the extra headers a client chose to sign', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({
      method: 'POST',
      path: ARN_PATH,
      body: '{"payload":true}',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event', 'x-amz-log-type': 'Tail' },
    });
    assert.match(String(req.headers.authorization), /SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type;x-amz-log-type,/);
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
  });

  it('accepts x-amz-content-sha256 only when it is the hash of the body', async () => {
    at('2026-11-21T09:30:00Z');
    const body = '{"payload":true}';
    const honest = await signedRequest({ method: 'POST', path: ARN_PATH, body, headers: { 'x-amz-content-sha256': sha256Hex(body) } });
    assert.equal((await auth.authenticate(honest)).accountId, '111111111111');
    const lying = await signedRequest({ method: 'POST', path: ARN_PATH, body, headers: { 'x-amz-content-sha256': sha256Hex('other') } });
    await rejectsAsMismatch(lying);
    const unsigned = await signedRequest({ method: 'POST', path: ARN_PATH, body, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await rejectsAsMismatch(unsigned);
  });

  it('accepts a presigned URL until X-Amz-Expires runs out', async () => {
    const req = await presignedRequest({ path: ARN_PATH, query: { Qualifier: '$LATEST' } }, { expiresIn: 900 });
    at('2026-11-21T09:45:00Z');
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
    at('2026-11-21T09:45:01Z');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      'Signature expired: 20261121T093000Z is now earlier than 20261121T093001Z (20261121T094501Z - 15 min.)',
    );
  });

  it('prints a lifetime that is not whole minutes in seconds', async () => {
    const req = await presignedRequest({}, { expiresIn: 90 });
    at('2026-11-21T09:32:00Z');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      'Signature expired: 20261121T093000Z is now earlier than 20261121T093030Z (20261121T093200Z - 90 sec.)',
    );
  });

  it('accepts a signature up to 5 minutes old or early', async () => {
    const req = await signedRequest();
    at('2026-11-21T09:35:00Z');
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
    at('2026-11-21T09:25:00Z');
    assert.equal((await auth.authenticate(req)).accountId, '111111111111');
  });

  it('mints per-account keys for functions, on top of the file', async () => {
    at('2026-11-21T09:30:00Z');
    const pair = auth.credentialsForAccount('222222222222');
    assert.match(pair.accessKeyId, /^LKIA[A-Z2-7]{16}$/);
    assert.deepEqual(auth.credentialsForAccount('222222222222'), pair);
    assert.notEqual(auth.credentialsForAccount('444444444444').accessKeyId, pair.accessKeyId);
    const caller = await auth.authenticate(await signedRequest({}, { ...pair, sessionToken: 'whatever-the-runtime-sends' }));
    assert.deepEqual(caller, { accountId: '222222222222', accessKeyId: pair.accessKeyId, region: 'us-east-1' });
    await rejectsAsMismatch(await signedRequest({}, { accessKeyId: pair.accessKeyId, secretAccessKey: 'guess' }));
  });

  it('requires the session token a key declares', async () => {
    at('2026-11-21T09:30:00Z');
    const creds = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'secret-temp' };
    assert.equal((await auth.authenticate(await signedRequest({}, { ...creds, sessionToken: 'token-1' }))).accountId, '333333333333');
    await rejectsWith(
      auth.authenticate(await signedRequest({}, { ...creds, sessionToken: 'token-2' })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid',
    );
    await rejectsWith(
      auth.authenticate(await signedRequest({}, { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'x' })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid',
    );
  });
});

describe('verified mode: rejections', () => {
  it('rejects a wrong secret and shows the canonical request it expected', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ method: 'POST', path: ARN_PATH, query: { Qualifier: '$LATEST' }, body: '' }, { secretAccessKey: 'wrong' });
    const canonical =
      'POST\n/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A000000000000%253Afunction%253Af/invocations\n' +
      'Qualifier=%24LATEST\nhost:127.0.0.1:9001\nx-amz-date:20261121T093000Z\n\nhost;x-amz-date\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const stringToSign =
      'AWS4-HMAC-SHA256\n20261121T093000Z\n20261121/us-east-1/lambda/aws4_request\n' +
      sha256Hex(canonical);
    await rejectsWith(auth.authenticate(req), 'InvalidSignatureException', mismatch(canonical, stringToSign));
  });

  it('rejects a body changed after signing', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ method: 'POST', path: ARN_PATH, body: '{"amount":1}' });
    await rejectsAsMismatch({ ...req, body: Buffer.from('{"amount":9}') });
  });

  it('rejects a changed path, query or signed header', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ path: ARN_PATH, query: { Qualifier: '1' }, headers: { 'x-amz-log-type': 'Tail' } });
    await rejectsAsMismatch({ ...req, rawPath: ARN_PATH.replace('%3Af/', '%3Ag/') });
    await rejectsAsMismatch({ ...req, rawQuery: 'Qualifier=2' });
    await rejectsAsMismatch({ ...req, headers: { ...req.headers, 'x-amz-log-type': 'None' } });
  });

  it('rejects a tampered presigned URL', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await presignedRequest({ path: ARN_PATH, query: { Qualifier: '1' } });
    await rejectsAsMismatch({ ...req, rawQuery: req.rawQuery.replace('Qualifier=1', 'Qualifier=2') });
    await rejectsAsMismatch({ ...req, rawQuery: req.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=901') });
  });

  it('rejects an unknown access key', async () => {
    at('2026-11-21T09:30:00Z');
    await rejectsWith(
      auth.authenticate(await signedRequest({}, { accessKeyId: 'AKIAUNKNOWN' })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
    // In verified mode a 12-digit key is just another key that must be in the file.
    await rejectsWith(
      auth.authenticate(await signedRequest({}, { accessKeyId: '111111111111' })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('rejects a signature more than 5 minutes old', async () => {
    const req = await signedRequest();
    at('2026-11-21T09:35:01Z');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      'Signature expired: 20261121T093000Z is now earlier than 20261121T093001Z (20261121T093501Z - 5 min.)',
    );
  });

  it('rejects a signature more than 5 minutes in the future', async () => {
    const req = await signedRequest();
    at('2026-11-21T09:24:59Z');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      'Signature not yet current: 20261121T093000Z is still later than 20261121T092959Z (20261121T092459Z + 5 min.)',
    );
  });

  it('checks the time before the scope and the scope before the key', async () => {
    const req = await signedRequest({}, { accessKeyId: 'AKIAUNKNOWN', region: 'eu-west' });
    at('2026-11-21T10:00:00Z');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      'Signature expired: 20261121T093000Z is now earlier than 20261121T095500Z (20261121T100000Z - 5 min.)',
    );
    at('2026-11-21T09:30:00Z');
    await rejectsWith(auth.authenticate(req), 'InvalidSignatureException', "Credential should be scoped to a valid region, not 'eu-west'. ");
  });

  it('rejects a signed header that is not in the request', async () => {
    at('2026-11-21T09:30:00Z');
    const req = await signedRequest({ headers: { 'x-amz-log-type': 'Tail' } });
    const headers = { ...req.headers };
    delete headers['x-amz-log-type'];
    await rejectsWith(
      auth.authenticate({ ...req, headers }),
      'IncompleteSignatureException',
      "'x-amz-log-type' is named as a SignedHeader, but it does not exist in the HTTP request.",
    );
  });
});
