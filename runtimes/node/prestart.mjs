// What a start needs before the function is known. A pre-started sandbox (the engine's zygotes) runs
// this client with its stdin a pipe and nothing of any function in its environment: the client
// loads, then blocks here until the engine writes the function's environment as one JSON line. A
// normal start has /dev/null there and goes straight on.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Waits for the function when started ahead of it; then the process looks as if started for it.
 * Before waiting, `warmUp` runs the code paths of the first Runtime API call once (Node compiles its
 * HTTP client lazily: about 10 ms of CPU on the first request), so the function does not pay for them.
 */
export async function attachFunction(warmUp) {
  const stdin = fstatSync(0);
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  await warmUp().catch(() => {});
  emptyYoungGeneration();
  const line = readLine(0);
  // Nothing of the waiting phase stays: stdin becomes /dev/null (the lowest free descriptor is 0).
  closeSync(0);
  openSync('/dev/null', 'r');
  if (!line) process.exit(0); // the engine let this sandbox go unclaimed
  const env = JSON.parse(line);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
}

/**
 * Start-up leaves the young generation nearly full, so its first scavenge (~2 ms) would come just after
 * the claim, in the function's init. Short-lived garbage until one happens empties it now instead
 * (without --expose-gc, whose flag would cost the built-in code cache).
 */
function emptyYoungGeneration() {
  const { getHeapSpaceStatistics } = require('node:v8');
  const newSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
  let before = newSpaceUsed();
  for (let round = 0; round < 1000; round++) {
    Array.from({ length: 1000 }, () => ({}));
    const after = newSpaceUsed();
    if (after < before) return;
    before = after;
  }
}

function readLine(fd) {
  const chunks = [];
  const buffer = Buffer.allocUnsafe(65536);
  for (;;) {
    let n;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
      throw error;
    }
    if (n === 0) break;
    const newline = buffer.indexOf(10, 0);
    chunks.push(Buffer.from(buffer.subarray(0, newline !== -1 && newline < n ? newline : n)));
    if (newline !== -1 && newline < n) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The `gc` global the managed runtime's --expose-gc gives, without the flag: a V8 flag on the command
 * line makes Node discard its built-in code cache. Installed on first use, since setting the flag at
 * run time has the same cost for whatever loads after it.
 */
export function installGc() {
  if ('gc' in globalThis) return;
  const settle = (value) => Object.defineProperty(globalThis, 'gc', { value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'gc', {
    configurable: true,
    enumerable: false,
    get() {
      require('node:v8').setFlagsFromString('--expose-gc');
      const gc = require('node:vm').runInNewContext('gc');
      settle(gc);
      return gc;
    },
    set: settle,
  });
}

/**
 * Serves `exchange(address)` one Runtime API exchange from a throwaway loopback listener (an event and
 * an answer to each post), then closes it: nothing of it is left when the function's init begins.
 */
export async function withThrowawayRuntimeApi(exchange) {
  const event = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n' +
    'Lambda-Runtime-Aws-Request-Id: 00000000-0000-0000-0000-000000000000\r\n\r\n{}';
  const accepted = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => socket.write(chunk.toString('latin1').startsWith('GET') ? event : accepted));
    socket.on('error', () => {});
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  try {
    await exchange(`127.0.0.1:${server.address().port}`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
