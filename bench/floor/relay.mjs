// The floor: the fewest hops an invoke can take, with nothing else in it. A client POSTs the event here;
// a runtime process that long-polls /next gets it, posts its answer to /response, and the answer goes
// back to the client first. The runtime's 202 goes out with its next event when it asked for that in
// the same write, as Lambkin's runtimes do. No validation, no logs, ids are a counter, HTTP written by
// hand (wire.mjs). With the
// x-bench-cold header the relay first spawns a fresh runtime of that interpreter, which answers once
// and exits.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { answer, header, readRequests } from './wire.mjs';

const here = new URL('.', import.meta.url).pathname;
const PYTHON = process.argv[2];
const NEXT = '/2018-06-01/runtime/invocation/next';
const INVOCATION = '/2018-06-01/runtime/invocation/';
const ACCEPTED = Buffer.from('{"status":"OK"}');
const EMPTY = Buffer.from('{}');

const parked = [];
const pending = [];
const waiting = new Map();
let port = 0;
let lastId = 0;
let warmRuntimes = 0;

function spawnRuntime(kind, once) {
  const env = { AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`, ONCE: once ? '1' : '0', PATH: '/usr/bin:/bin' };
  const [file, args] = kind === 'python' ? [PYTHON, [`${here}runtime.py`]] : [process.execPath, [`${here}runtime.mjs`]];
  spawn(file, args, { env, stdio: 'ignore' });
}

/**
 * Runtime sockets owed a 202: 'owed' until the batch its response came in ends (then it is sent), 'held'
 * once the runtime's next `next` came in the same batch (then it goes out with the next event, one
 * write), as Lambkin's Runtime API does for a runtime that pipelines.
 */
const owed = new Map();

function deliver(runtime, inv) {
  waiting.set(inv.id, inv.client);
  const held = owed.delete(runtime);
  if (held) {
    runtime.cork();
    answer(runtime, 202, ACCEPTED);
  }
  answer(runtime, 200, inv.body, `Lambda-Runtime-Aws-Request-Id: ${inv.id}\r\n`);
  if (held) runtime.uncork();
}

function endBatch(socket) {
  if (owed.get(socket) !== 'owed') return;
  owed.delete(socket);
  answer(socket, 202, ACCEPTED);
}

function route({ url, head, body }, socket) {
  if (url === NEXT) {
    if (owed.has(socket)) owed.set(socket, 'held');
    const inv = pending.shift();
    if (inv) deliver(socket, inv);
    else parked.push(socket);
  } else if (url.startsWith(INVOCATION)) {
    const id = url.slice(INVOCATION.length, -'/response'.length);
    const client = waiting.get(id);
    waiting.delete(id);
    answer(client, 200, body);
    owed.set(socket, 'owed');
  } else if (url.startsWith('/_bench/runtimes/')) {
    // Brings the long-lived Node runtimes up to n and answers once all of them wait on /next.
    const n = Number(url.slice('/_bench/runtimes/'.length));
    for (; warmRuntimes < n; warmRuntimes++) spawnRuntime('node', false);
    const check = () => (parked.length >= n ? answer(socket, 200, EMPTY) : setTimeout(check, 10));
    check();
  } else {
    const inv = { id: String(++lastId), body: body.length ? body : EMPTY, client: socket };
    const cold = header(head, 'x-bench-cold');
    if (cold) spawnRuntime(cold, true);
    const runtime = cold ? undefined : parked.pop();
    if (runtime) deliver(runtime, inv);
    else pending.push(inv);
  }
}

const server = createServer({ noDelay: true }, (socket) => readRequests(socket, route, endBatch));
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  console.log(`relay listening on http://127.0.0.1:${port}`);
});
