// --mq-broker / LAMBKIN_MQ_BROKERS: Amazon MQ broker ARNs mapped to AMQP URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

const ARN = 'arn:aws:mq:us-east-1:000000000000:broker:orders:b-1234';
const OTHER = 'arn:aws:mq:eu-west-1:123456789012:broker:audit:b-5678';

test('--mq-broker maps broker ARNs to AMQP URLs; LAMBKIN_MQ_BROKERS is comma-separated', () => {
  assert.deepEqual(loadConfig({}, {}).mqBrokers, {});
  assert.deepEqual(loadConfig({ 'mq-broker': [`${ARN}=amqp://127.0.0.1:5672`, `${OTHER}=amqps://mq.example:5671`] }, {}).mqBrokers,
    { [ARN]: 'amqp://127.0.0.1:5672', [OTHER]: 'amqps://mq.example:5671' });
  assert.deepEqual(loadConfig({}, { LAMBKIN_MQ_BROKERS: `${ARN}=amqp://localhost:5673,${OTHER}=amqp://b:1` }).mqBrokers,
    { [ARN]: 'amqp://localhost:5673', [OTHER]: 'amqp://b:1' });
  // The flag wins over the environment.
  assert.deepEqual(loadConfig({ 'mq-broker': [`${ARN}=amqp://a:1`] }, { LAMBKIN_MQ_BROKERS: `${OTHER}=amqp://b:1` }).mqBrokers, { [ARN]: 'amqp://a:1' });
});

test('a malformed --mq-broker is refused with the expected form', () => {
  for (const entry of [ARN, `${ARN}=`, `${ARN}=http://host:80`, `arn:aws:sqs:us-east-1:000000000000:q=amqp://h:1`, `${ARN}=not a url`]) {
    assert.throws(() => loadConfig({ 'mq-broker': [entry] }, {}), (err: unknown) => err instanceof ConfigError && /BROKER_ARN=amqp\(s\):\/\/HOST:PORT/.test(err.message), entry);
  }
});
