// holdAnswersWhilePipelined on a real socket: an answer written while the client's next request is already
// read goes out with the next answer, in order; without a request behind it, an answer goes out at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { serveHandFramed } from '../../src/wire/hand-framed.js';
import type { Exchange } from '../../src/wire/exchange.js';
import { RawConnection } from '../support/raw-connection.js';

/** The `/later` request, answered when the test says. */
let later: Exchange | undefined;
let laterArrived: () => void = () => {};
const server = createServer((socket) => serveHandFramed(socket, {
  claim: (head) => (exchange) => {
    if (head.url !== '/later') return exchange.reply(200, [], `now ${head.url}`);
    later = exchange;
    laterArrived();
  },
  handOff: (socket) => socket.destroy(),
  label: 'held-answers test',
  holdAnswersWhilePipelined: true,
}));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
after(() => server.close());

const request = (path: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`;

test('an answer with the next request already read waits for that request\'s answer, then both come in order', async () => {
  const connection = new RawConnection(port);
  try {
    const arrived = new Promise<void>((resolve) => (laterArrived = resolve));
    let received = 0;
    connection.socket.on('data', (chunk: Buffer) => (received += chunk.length));
    const both = connection.send(request('/first') + request('/later'), 2);
    await arrived;
    // /first is answered already (its handler replied at once), but held: nothing has reached the client.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(received, 0);
    later!.reply(200, [], 'later');
    const [first, second] = await both;
    assert.equal(first!.body, 'now /first');
    assert.equal(second!.body, 'later');
  } finally {
    connection.close();
  }
});

test('an answer with no request behind it is not held', async () => {
  const connection = new RawConnection(port);
  try {
    const [answer] = await connection.send(request('/alone'));
    assert.equal(answer!.body, 'now /alone');
    const [again] = await connection.send(request('/again'));
    assert.equal(again!.body, 'now /again');
  } finally {
    connection.close();
  }
});
