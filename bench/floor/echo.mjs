// The check on the floor: one hop and back. A bare keep-alive HTTP server answering each request with its
// own body. The relay does this hop and two more (to a runtime and back), so it can never be faster.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`echo listening on http://127.0.0.1:${server.address().port}`));
