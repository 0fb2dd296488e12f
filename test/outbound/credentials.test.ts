// What Lambkin's outbound AWS clients sign with, decided from the environment alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCredentialSource, outboundClientOptions, startupCredentialsWarning } from '../../src/outbound/credentials.js';

const emptyHome = () => mkdtempSync(join(tmpdir(), 'lambkin-home-'));

test('an overridden endpoint without credentials gets the emulator credentials; S3 also addresses buckets by path', () => {
  const env = { HOME: emptyHome(), AWS_ENDPOINT_URL_SQS: 'http://localstack:4566' };
  assert.deepEqual(outboundClientOptions('sqs', env), { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  assert.deepEqual(outboundClientOptions('sns', env), {});
  assert.deepEqual(outboundClientOptions('s3', env), { forcePathStyle: false });
  assert.deepEqual(outboundClientOptions('s3', { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }),
    { forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

test('credentials the SDK would find are left to the SDK, even for an emulator', () => {
  const home = emptyHome();
  const endpoint = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };
  for (const env of [
    { HOME: home, AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    { HOME: home, AWS_PROFILE: 'dev' },
    { HOME: home, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' },
    { HOME: home, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials' },
  ]) {
    assert.equal(hasCredentialSource(env), true, JSON.stringify(env));
    assert.deepEqual(outboundClientOptions('sqs', { ...env, ...endpoint }), {});
  }
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n');
  assert.equal(hasCredentialSource({ HOME: home }), true);
});

test('a key id without its secret, or a config file with only a region, is no credentials source', () => {
  const home = emptyHome();
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-west-1\n');
  assert.equal(hasCredentialSource({ HOME: home, AWS_ACCESS_KEY_ID: 'AKID' }), false);
});

test('the start-up warning names only the services left without credentials or an emulator', () => {
  const home = emptyHome();
  assert.equal(startupCredentialsWarning({ HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }), undefined);
  assert.equal(startupCredentialsWarning({ HOME: home, AWS_PROFILE: 'dev' }), undefined);
  const warning = startupCredentialsWarning({ HOME: home, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' });
  assert.match(warning!, /so calls to sqs, sns, eventbridge \(/);
  assert.match(warning!, /or AWS_ENDPOINT_URL \(or AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_EVENTBRIDGE\)/);
});
