import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, json, type Harness } from './helpers.js';

/**
 * A runtime that keeps one connection for everything and writes its HTTP by hand: responses framed by
 * Content-Length, then one chunked (which the hand-framed path leaves to node:http), then more. Each
 * answer says what the Runtime API answered its previous post, and the invocation's event.
 */
const ONE_CONNECTION = `#!/usr/bin/env node
const net = require('node:net');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const socket = net.connect(Number(port), host);
let buffered = Buffer.alloc(0);
let waiting;
socket.on('data', (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  const end = buffered.indexOf('\\r\\n\\r\\n');
  if (end < 0) return;
  const head = buffered.toString('latin1', 0, end);
  const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
  if (buffered.length < end + 4 + length) return;
  const body = buffered.subarray(end + 4, end + 4 + length).toString();
  buffered = buffered.subarray(end + 4 + length);
  const w = waiting; waiting = undefined;
  w({ status: Number(head.split(' ')[1]), head, body });
});
const send = (text) => new Promise((resolve) => { waiting = resolve; socket.write(text); });
const base = '/2018-06-01/runtime/invocation/';
(async () => {
  let previous = 'none';
  for (let i = 0; ; i++) {
    const next = await send('GET ' + base + 'next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');
    const id = /lambda-runtime-aws-request-id: *([^\\r]+)/i.exec(next.head)[1];
    const answer = JSON.stringify({ previous, event: JSON.parse(next.body) });
    const path = 'POST ' + base + id + '/response HTTP/1.1\\r\\nHost: x\\r\\n';
    const posted = i === 1
      ? await send(path + 'Transfer-Encoding: chunked\\r\\n\\r\\n' + Buffer.byteLength(answer).toString(16) + '\\r\\n' + answer + '\\r\\n0\\r\\n\\r\\n')
      : await send(path + 'Content-Length: ' + Buffer.byteLength(answer) + '\\r\\n\\r\\n' + answer);
    previous = posted.status + ' ' + posted.body;
  }
})();
`;

/** A runtime whose first request has a header line without a colon; it reports the answer on a new connection. */
const MALFORMED_FIRST = `#!/usr/bin/env node
const net = require('node:net');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const exchange = (text) => new Promise((resolve) => {
  const socket = net.connect(Number(port), host, () => socket.write(text));
  let got = '';
  socket.on('data', (c) => {
    got += c.toString('latin1');
    const end = got.indexOf('\\r\\n\\r\\n');
    const length = Number(/content-length: *(\\d+)/i.exec(got)?.[1] ?? 0);
    if (end >= 0 && got.length >= end + 4 + length) { socket.destroy(); resolve(got); }
  });
  socket.on('close', () => resolve(got));
});
(async () => {
  const refused = await exchange('GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\nno colon here\\r\\n\\r\\n');
  const next = await exchange('GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');
  const id = /lambda-runtime-aws-request-id: *([^\\r]+)/i.exec(next)[1];
  const answer = JSON.stringify({ refused: refused.split('\\r\\n')[0] });
  await exchange('POST /2018-06-01/runtime/invocation/' + id + '/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: ' + answer.length + '\\r\\n\\r\\n' + answer);
  setInterval(() => {}, 1000);
})();
`;

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

describe('the Runtime API on one kept-alive connection', () => {
  test('answers hand-framed requests, then a chunked one, then more, in order on the same connection', async () => {
    const fn = h.codeFn('one-connection', { bootstrap: ONE_CONNECTION });
    const accepted = '202 {"status":"OK"}';
    assert.deepEqual(json(await h.invoke(fn, { n: 1 })), { previous: 'none', event: { n: 1 } });
    // This answer goes chunked: from here node:http reads the connection.
    assert.deepEqual(json(await h.invoke(fn, { n: 2, text: 'é ✓' })), { previous: accepted, event: { n: 2, text: 'é ✓' } });
    assert.deepEqual(json(await h.invoke(fn, { n: 3 })), { previous: accepted, event: { n: 3 } });
    assert.deepEqual(json(await h.invoke(fn, { n: 4 })), { previous: accepted, event: { n: 4 } });
  });

  test('leaves a malformed request to node:http, which refuses it as it would any', async () => {
    const fn = h.codeFn('malformed-first', { bootstrap: MALFORMED_FIRST });
    assert.deepEqual(json(await h.invoke(fn, {})), { refused: 'HTTP/1.1 400 Bad Request' });
  });
});

describe('a Runtime API handler that throws', () => {
  test('costs its connection, not the server', async () => {
    const { createServer, connect } = await import('node:net');
    const { serveHandFramed } = await import('../../src/wire/hand-framed.js');
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    const server = createServer((socket) => serveHandFramed(socket, {
      claim: () => () => { throw new Error('handler fault'); }, handOff: () => {}, label: 'lambkin runtime api',
    }));
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const { port } = server.address() as { port: number };
      const received = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n'));
        let got = '';
        socket.on('data', (chunk) => { got += chunk.toString(); });
        socket.on('close', () => resolve(got));
        socket.on('error', () => {});
      });
      assert.equal(received, '');
      assert.deepEqual(errors, ['lambkin runtime api: GET /2018-06-01/runtime/invocation/next failed: handler fault']);
    } finally {
      console.error = original;
      server.close();
    }
  });
});
