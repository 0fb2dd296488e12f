// The hand-framed path's idle close, on a real socket with a short limit (the front door's is 65 s):
// a connection idle between requests is closed; one whose request takes longer than the limit is not.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { serveHandFramed } from '../../src/wire/hand-framed.js';
import { RawConnection } from '../support/raw-connection.js';

const IDLE_MS = 300;
const server = createServer((socket) => serveHandFramed(socket, {
  claim: (head) => (exchange) => {
    // `/slow` answers after three idle limits have passed.
    const answer = () => exchange.reply(200, ['Content-Type', 'text/plain'], `answered ${head.url}`);
    if (head.url === '/slow') setTimeout(answer, 3 * IDLE_MS);
    else answer();
  },
  handOff: (socket) => socket.destroy(),
  label: 'idle-close test',
  idleTimeoutMs: IDLE_MS,
}));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
after(() => server.close());

const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`;

// A connection that is never closed fails the test at its timeout.
const WITHIN = { timeout: 20_000 };

test('a connection idle past the limit after its answers is closed', WITHIN, async () => {
  const connection = new RawConnection(port);
  const [first] = await connection.send(request('/quick'));
  assert.equal(first!.body, 'answered /quick');
  const [second] = await connection.send(request('/again'));
  assert.equal(second!.body, 'answered /again');
  await connection.closed;
});

test('a request answered after longer than the limit keeps its connection, which then closes once idle', WITHIN, async () => {
  const connection = new RawConnection(port);
  let closed = false;
  void connection.closed.then(() => (closed = true));
  const [slow] = await connection.send(request('/slow'));
  assert.equal(slow!.body, 'answered /slow');
  assert.equal(closed, false);
  // Still usable: the next request on it is answered.
  const [next] = await connection.send(request('/quick'));
  assert.equal(next!.body, 'answered /quick');
  await connection.closed;
});
