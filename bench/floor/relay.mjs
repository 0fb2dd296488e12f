// The floor: the fewest hops an invoke can take. A client POSTs the event here; a runtime process that
// long-polls /next gets it, answers on /response, and the answer goes back to the client. With the
// x-bench-cold header the relay first spawns a fresh runtime (that interpreter) that answers once.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const here = new URL('.', import.meta.url).pathname;
const PYTHON = process.argv[2];
const NEXT = '/2018-06-01/runtime/invocation/next';
const INVOCATION = '/2018-06-01/runtime/invocation/';

const parked = [];
const pending = [];
const waiting = new Map();
let port = 0;

function spawnRuntime(kind, once) {
  const env = { AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`, ONCE: once ? '1' : '0', PATH: '/usr/bin:/bin' };
  const [file, args] = kind === 'python' ? [PYTHON, [`${here}runtime.py`]] : [process.execPath, [`${here}runtime.mjs`]];
  spawn(file, args, { env, stdio: 'ignore' });
}

function deliver(runtime, inv) {
  waiting.set(inv.id, inv.client);
  runtime.writeHead(200, {
    'Content-Type': 'application/json', 'Content-Length': inv.body.length, 'Lambda-Runtime-Aws-Request-Id': inv.id,
  });
  runtime.end(inv.body);
}

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

const server = createServer({ noDelay: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const url = req.url;
    if (url === NEXT) {
      const inv = pending.shift();
      if (inv) deliver(res, inv);
      else parked.push(res);
    } else if (url.startsWith(INVOCATION) && url.endsWith('/response')) {
      const id = url.slice(INVOCATION.length, -'/response'.length);
      const client = waiting.get(id);
      waiting.delete(id);
      reply(res, 202, Buffer.from('{"status":"OK"}'));
      reply(client, 200, body);
    } else if (url.startsWith('/_bench/warm/')) {
      const n = Number(url.slice('/_bench/warm/'.length));
      for (let i = 0; i < n; i++) spawnRuntime('node', false);
      const check = () => (parked.length >= n ? reply(res, 200, Buffer.from('{}')) : setTimeout(check, 10));
      check();
    } else {
      const inv = { id: randomUUID(), body: body.length ? body : Buffer.from('{}'), client: res };
      const cold = req.headers['x-bench-cold'];
      if (cold) spawnRuntime(cold, true);
      const runtime = cold ? undefined : parked.pop();
      if (runtime) deliver(runtime, inv);
      else pending.push(inv);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 0;
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  console.log(`relay listening on http://127.0.0.1:${port}`);
});
