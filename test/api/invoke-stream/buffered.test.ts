/** Buffered (non-streaming) handlers answered through InvokeWithResponseStream: one PayloadChunk. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { deploy, invokeStream } from './fixtures.js';

const server = await startLambkin();
const client = server.client();

await deploy(client, 'node-plain', {
  'index.js': 'exports.handler = async (event, context) => ({ got: event, name: context.functionName });\n',
});
await deploy(client, 'node-throws', {
  'index.js': 'exports.handler = async () => { throw new RangeError("buffered failure"); };\n',
});
await deploy(client, 'python-plain', {
  'app.py': 'import sys\n\ndef handler(event, context):\n    return {"py": "%d.%d" % sys.version_info[:2], "got": event}\n',
}, { runtime: 'python3.12', handler: 'app.handler' });
await deploy(client, 'python-throws', {
  'app.py': 'def handler(event, context):\n    raise ValueError("bad value")\n',
}, { runtime: 'python3.12', handler: 'app.handler' });

describe('buffered handlers through the streaming API', () => {
  test('a plain async Node.js handler: its JSON result as one PayloadChunk, then InvokeComplete', async () => {
    const r = await invokeStream(client, 'node-plain', { a: [1, 2] });
    assert.equal(r.status, 200);
    assert.equal(r.executedVersion, '$LATEST');
    assert.deepEqual(r.kinds, ['PayloadChunk', 'InvokeComplete']);
    assert.deepEqual(JSON.parse(r.text()), { got: { a: [1, 2] }, name: 'node-plain' });
    assert.deepEqual(r.complete, {});
  });

  test('a Python handler: one PayloadChunk with its result', async () => {
    const r = await invokeStream(client, 'python-plain', { n: 3 });
    assert.deepEqual(r.kinds, ['PayloadChunk', 'InvokeComplete']);
    assert.deepEqual(JSON.parse(r.text()), { py: '3.12', got: { n: 3 } });
    assert.deepEqual(r.complete, {});
  });

  test('a Node.js handler that throws: no payload, the error in InvokeComplete', async () => {
    const r = await invokeStream(client, 'node-throws');
    assert.equal(r.status, 200);
    assert.deepEqual(r.kinds, ['InvokeComplete']);
    assert.deepEqual(r.complete, { ErrorCode: 'RangeError', ErrorDetails: 'buffered failure' });
  });

  test('a Python handler that raises: the error in InvokeComplete, with the log tail when asked', async () => {
    const r = await invokeStream(client, 'python-throws', {}, { LogType: 'Tail' });
    assert.deepEqual(r.kinds, ['InvokeComplete']);
    assert.equal(r.complete?.ErrorCode, 'ValueError');
    assert.equal(r.complete?.ErrorDetails, 'bad value');
    assert.match(Buffer.from(r.complete!.LogResult!, 'base64').toString(), new RegExp(`^END RequestId: ${r.requestId}$`, 'm'));
  });
});
