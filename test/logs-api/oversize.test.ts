// A body over the limit is refused with the service's 413, read to its end first, before any other check.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../support/server.js';

const server = await startLambkin();
after(() => server.stop());

async function post(target: string, contentType: string, size: number): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/`, {
    method: 'POST', headers: { 'x-amz-target': target, 'content-type': contentType }, body: Buffer.alloc(size, 0x20),
  });
  return { status: res.status, text: await res.text() };
}

test('CloudWatch Logs refuses a body over its limit with 413 SerializationException', async () => {
  const res = await post('Logs_20140328.DescribeLogGroups', 'application/x-amz-json-1.1', 1_048_576 + 64 * 1024 + 1);
  assert.equal(res.status, 413);
  assert.deepEqual(JSON.parse(res.text), { __type: 'SerializationException', message: 'Request body too large.' });
});

test('CloudWatch refuses a body over 1 MiB with 413 RequestEntityTooLarge', async () => {
  const res = await post('GraniteServiceVersion20100801.GetMetricData', 'application/x-amz-json-1.0', 1024 * 1024 + 1);
  assert.equal(res.status, 413);
  assert.match(res.text, /RequestEntityTooLarge/);
  assert.match(res.text, /Request size exceeded 1048576 bytes/);
});
