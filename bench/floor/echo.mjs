// The check on the floor: one hop and back. A bare keep-alive HTTP server answering each request with its
// own body, with the relay's hand-written HTTP (wire.mjs). The relay does this hop and two more (to a
// runtime and back), so it can never be faster.
import { createServer } from 'node:net';
import { answer, readRequests } from './wire.mjs';

const server = createServer({ noDelay: true }, (socket) => readRequests(socket, ({ body }) => answer(socket, 200, body)));
server.listen(0, '127.0.0.1', () => console.log(`echo listening on http://127.0.0.1:${server.address().port}`));
