import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, json, type Harness } from './helpers.js';

/** A runtime that starts posting its response, breaks the connection off mid-body and exits. */
const BREAKS_OFF = `#!/usr/bin/env node
const http = require('node:http');
const net = require('node:net');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
http.get({ host, port, path: '/2018-06-01/runtime/invocation/next' }, (res) => {
  const id = res.headers['lambda-runtime-aws-request-id'];
  res.resume();
  res.on('end', () => {
    const socket = net.connect(Number(port), host, () => {
      socket.write('POST /2018-06-01/runtime/invocation/' + id + '/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1000\\r\\n\\r\\n0123456789');
      setTimeout(() => { socket.destroy(); setTimeout(() => process.exit(7), 50); }, 50);
    });
  });
});
`;

let h: Harness;
const warnings: string[] = [];
before(async () => {
  h = await harness({ warn: (m) => warnings.push(m) });
});
after(() => h.close());

describe('faults around an environment are neither dropped nor fatal', () => {
  test('a response broken off mid-body is ignored for its reason: the exit answers the invoke', async () => {
    const before = warnings.length;
    const fn = h.codeFn('breaks-off', { bootstrap: BREAKS_OFF });
    const r = await h.invoke(fn, {});
    assert.deepEqual(json(r), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 7`,
    });
    assert.deepEqual(warnings.slice(before), []);
  });

  test('an observer that throws is reported once and never fails an invoke', async () => {
    const before = warnings.length;
    const stop = h.engine.observe({ invocationEnded: () => { throw new Error('observer bug'); } });
    try {
      const fn = h.fn('observed-by-a-bug');
      for (let i = 0; i < 3; i++) assert.equal(json(await h.invoke(fn, { action: 'echo' })).event.action, 'echo');
    } finally {
      stop();
    }
    const said = warnings.slice(before);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /^lambkin engine: an engine observer failed on invocationEnded \(later failures of it are not logged\): Error: observer bug/);
  });
});
