import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthenticator } from '../../../src/api/auth/index.js';
import { rejectsWith } from './expect-error.js';
import { AMZ_DATE, plainRequest, presignedRequest, signedRequest } from './signing.js';

const auth = createAuthenticator({ defaultAccountId: '000000000000' });
const CREDENTIAL = 'AKIAEXAMPLE/20261121/us-east-1/lambda/aws4_request';
const GOOD_HEADER = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

describe('default mode: account selection', () => {
  it('is not verifying', () => {
    assert.equal(auth.verifying, false);
  });

  it('maps any non-numeric access key to the default account', async () => {
    assert.deepEqual(await auth.authenticate(await signedRequest()), { accountId: '000000000000', accessKeyId: 'AKIAEXAMPLE', region: 'us-east-1' });
  });

  it('maps a 12-digit access key id to that account', async () => {
    const req = await signedRequest({}, { accessKeyId: '123456789012' });
    assert.deepEqual(await auth.authenticate(req), { accountId: '123456789012', accessKeyId: '123456789012', region: 'us-east-1' });
  });

  it('takes the region of the request from its credential scope, header or presigned', async () => {
    for (const region of ['us-west-2', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1']) {
      assert.equal((await auth.authenticate(await signedRequest({}, { region }))).region, region);
      assert.equal((await auth.authenticate(await presignedRequest({}, { region }))).region, region);
    }
  });

  it('does not treat a key of 11 or 13 digits as an account', async () => {
    for (const accessKeyId of ['12345678901', '1234567890123']) {
      const caller = await auth.authenticate(await signedRequest({}, { accessKeyId }));
      assert.equal(caller.accountId, '000000000000');
    }
  });

  it('accepts any secret, any signing time and presigned URLs without checking a signature', async () => {
    const header = plainRequest({ 'x-amz-date': AMZ_DATE, authorization: GOOD_HEADER });
    assert.equal((await auth.authenticate(header)).accessKeyId, 'AKIAEXAMPLE');
    const old = await signedRequest({}, { signingDate: new Date('2020-01-01T00:00:00Z') });
    assert.equal((await auth.authenticate(old)).accountId, '000000000000');
    const presigned = await presignedRequest({}, { accessKeyId: '111111111111' });
    assert.equal((await auth.authenticate(presigned)).accountId, '111111111111');
  });

  it('accepts the Date header instead of X-Amz-Date', async () => {
    const req = plainRequest({
      date: 'Sat, 21 Nov 2026 09:30:00 GMT',
      authorization: `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=date;host, Signature=abc`,
    });
    assert.equal((await auth.authenticate(req)).accountId, '000000000000');
  });

  it('hands functions a key pair that authenticates as their account', async () => {
    const pair = auth.credentialsForAccount('222222222222');
    assert.equal(pair.accessKeyId, '222222222222');
    const caller = await auth.authenticate(await signedRequest({}, pair));
    assert.deepEqual(caller, { accountId: '222222222222', accessKeyId: '222222222222', region: 'us-east-1' });
    assert.throws(() => auth.credentialsForAccount('abc'), /12-digit/);
  });
});

describe('default mode: a signature header used again', () => {
  it('names the same caller every time, and a different signing time is checked afresh', async () => {
    const header = { 'x-amz-date': AMZ_DATE, authorization: GOOD_HEADER };
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await auth.authenticate(plainRequest(header)), { accountId: '000000000000', accessKeyId: 'AKIAEXAMPLE', region: 'us-east-1' });
    }
    await rejectsWith(
      auth.authenticate(plainRequest({ ...header, 'x-amz-date': '20261122T093000Z' })),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261121' != '20261122', from '20261122T093000Z'. ",
    );
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization: GOOD_HEADER })),
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${GOOD_HEADER}`,
    );
    assert.equal((await auth.authenticate(plainRequest(header))).accessKeyId, 'AKIAEXAMPLE');
  });
});

describe('default mode: malformed requests are rejected with AWS errors', () => {
  it('rejects a request with no authentication at all', async () => {
    await rejectsWith(auth.authenticate(plainRequest({})), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization: '  ' })),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  });

  it('lists every missing element of the Authorization header', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE';
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization })),
      'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE',
    );
  });

  it('reads a bare token as the algorithm and reports the missing elements', async () => {
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization: 'eyJhbGciOi', 'x-amz-date': AMZ_DATE })),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization=eyJhbGciOi",
    );
  });

  it('rejects an element without an equal sign', async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential= ${CREDENTIAL}, SignedHeaders=host, Signature=abc`;
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'IncompleteSignatureException',
      `'${CREDENTIAL}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    );
  });

  it('rejects a signing time that is not ISO-8601 basic format', async () => {
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization: GOOD_HEADER, 'x-amz-date': '2026-11-21T09:30:00Z' })),
      'IncompleteSignatureException',
      "Date must be in ISO-8601 'basic format'. Got '2026-11-21T09:30:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization: GOOD_HEADER, 'x-amz-date': '20261321T093000Z' })),
      'IncompleteSignatureException',
      "Date must be in ISO-8601 'basic format'. Got '20261321T093000Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('rejects a signature that does not cover Host', async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=x-amz-date, Signature=abc`;
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  it('rejects other algorithms', async () => {
    const authorization = `AWS4-ECDSA-P256-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host, Signature=abc`;
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    );
  });

  it('rejects a credential without five elements', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261121/us-east-1/lambda, SignedHeaders=host, Signature=abc';
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'IncompleteSignatureException',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAEXAMPLE/20261121/us-east-1/lambda'",
    );
  });

  it('rejects a credential scoped to something that is not a region', async () => {
    for (const region of ['mars', 'US-EAST-1', 'us-east-1a', '..', '%2e%2e', 'us-east-12']) {
      const credential = `AKIAEXAMPLE/20261121/${region}/lambda/aws4_request`;
      await rejectsWith(
        auth.authenticate(plainRequest({ 'x-amz-date': AMZ_DATE, authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=abc` })),
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${region}'. `,
      );
    }
  });

  it('rejects a signature for another service', async () => {
    await rejectsWith(
      auth.authenticate(await signedRequest({}, { service: 's3' })),
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'lambda'. ",
    );
  });

  it('reports every scope problem in one message', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261120/eu-west/sqs/aws5_request, SignedHeaders=host, Signature=abc';
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'InvalidSignatureException',
      "Credential should be scoped to a valid region, not 'eu-west'. " +
        "Credential should be scoped to correct service: 'lambda'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261120' != '20261121', from '20261121T093000Z'. ",
    );
  });

  it('rejects an empty access key id', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=/20261121/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc';
    await rejectsWith(
      auth.authenticate(plainRequest({ authorization, 'x-amz-date': AMZ_DATE })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('rejects a request signed both ways', async () => {
    const req = plainRequest({ authorization: GOOD_HEADER, 'x-amz-date': AMZ_DATE }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256');
    await rejectsWith(
      auth.authenticate(req),
      'InvalidSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  });

  it('lists the missing presigning parameters', async () => {
    const req = plainRequest({}, `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}`);
    await rejectsWith(
      auth.authenticate(req),
      'IncompleteSignatureException',
      "AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });

  it('treats presigning parameters without X-Amz-Algorithm as no authentication', async () => {
    const req = plainRequest({}, `X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}&X-Amz-Algorithm-Other=1`);
    await rejectsWith(auth.authenticate(req), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  it('rejects a presigned lifetime over seven days', async () => {
    const valid = await presignedRequest();
    await rejectsWith(
      auth.authenticate({ ...valid, rawQuery: valid.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801') }),
      'IncompleteSignatureException',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
    await rejectsWith(
      auth.authenticate({ ...valid, rawQuery: valid.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=soon') }),
      'IncompleteSignatureException',
      'X-Amz-Expires should be a number',
    );
  });
});
