import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defaultS3FailureKey, sendMappingFailure } from '../../src/sources/failures.js';
import { loadConfig } from '../../src/config.js';

it('files an S3 failure record by mapping and date when the poller names no key', () => {
  const key = defaultS3FailureKey('6d1c6a6f-0c3a-4f37-9a5b-2b0c3f3b8e11', new Date('2026-03-04T05:06:07.890Z'));
  assert.match(key, /^aws\/lambda\/6d1c6a6f-0c3a-4f37-9a5b-2b0c3f3b8e11\/2026\/03\/04\/2026-03-04T05\.06\.07-[0-9a-f-]{36}$/);
});

it('refuses a destination that is not a queue, topic or bucket', async () => {
  await assert.rejects(
    sendMappingFailure({ config: loadConfig({}, {}) }, 'u', 'us-east-1', 'arn:aws:events:us-east-1:000000000000:event-bus/default', {}),
    /cannot send failures to arn:aws:events/,
  );
});
