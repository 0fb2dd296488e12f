// A Runtime API port serves only its own environment: other functions (other accounts) that find the
// port on loopback can neither take its events nor answer its invocations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { connectionFrom, processTree } from '../../src/engine/sandbox/peers.js';
import { clientSocketInode } from '../../src/engine/sandbox/proc-tcp-table.js';
import { curlBootstrap } from '../support/bootstraps.js';
import { loopbackListener } from '../support/loopback-listener.js';
import { harness, json, type Harness } from './helpers.js';

/**
 * A custom runtime that, for an event naming a target port, tries the target's Runtime API on fresh
 * connections and reports what happened; then also tries its own Runtime API on a fresh connection.
 */
const ATTACKER = `#!/usr/bin/env node
const http = require('node:http');
const net = require('node:net');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const base = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: base + path, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// One request on a new connection: 'answered <status>', 'closed' (no byte of answer), or 'no answer'.
function probe(target, method, path, body) {
  return new Promise((resolve) => {
    let data = '';
    let settled = false;
    const socket = net.connect({ host: '127.0.0.1', port: target });
    const status = () => 'answered ' + data.split(' ')[1];
    const done = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    // Only a last resort: refused connections are reset at once, served ones answer; a loaded host may be slow.
    const timer = setTimeout(() => done(data ? status() : 'no answer'), 15000);
    socket.on('connect', () => socket.write(method + ' ' + path + ' HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n' +
      'Content-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body));
    socket.on('data', (chunk) => { data += chunk; if (data.includes('\\r\\n\\r\\n')) done(status()); });
    socket.on('error', () => done(data ? status() : 'closed'));
    socket.on('close', () => done(data ? status() : 'closed'));
  });
}

(async () => {
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    const event = JSON.parse(next.body);
    const result = {};
    if (event.target) {
      result.forgedResponse = await probe(event.target, 'POST', base + '/invocation/' + event.victimRequestId + '/response', '{"forged":true}');
      result.stolenNext = await probe(event.target, 'GET', base + '/invocation/next', '');
    }
    // Its own API on a new connection, mid-invocation: served (and refused as a state transition).
    result.ownFreshConnection = await probe(Number(port), 'GET', base + '/invocation/next', '');
    await call('POST', '/invocation/' + id + '/response', JSON.stringify(result));
  }
})();
`;

/** A provided runtime in shell: curl opens a new connection for every request, from a child process. */
const CURL_BOOTSTRAP = curlBootstrap('{\\"shell\\":$EVENT}');

for (const sandbox of ['auto', 'process'] as const) {
  describe(`Runtime API isolation (sandbox: ${sandbox})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness({ sandbox });
    });
    after(() => h.close());

    test("another environment's Runtime API refuses a function; its own serves it", async () => {
      const victim = h.fn('victim', { timeout: 30 });
      const attacker = h.codeFn('attacker', { bootstrap: ATTACKER }, { accountId: '111111111111', timeout: 60 });
      const { env } = json(await h.invoke(victim, { action: 'env' }));
      const victimPort = Number(String(env.AWS_LAMBDA_RUNTIME_API).split(':')[1]);

      // The victim is busy with an invocation whose request id the attacker is told.
      const victimRequestId = randomUUID();
      const victimRun = h.engine.invoke({
        fn: victim,
        // Long enough to still be running while the attacker cold-starts on a loaded host.
        payload: Buffer.from(JSON.stringify({ action: 'sleep', ms: 4000 })),
        requestId: victimRequestId,
        tailLogs: false,
      });
      await new Promise((resolve) => setImmediate(resolve));
      const attack = await h.invoke(attacker, { target: victimPort, victimRequestId });
      assert.equal(attack.functionError, undefined, attack.payload.toString());
      assert.deepEqual(json(attack), {
        forgedResponse: 'closed',
        stolenNext: 'closed',
        ownFreshConnection: 'answered 403',
      });

      // The victim answered its own invocation, and its next event still reaches it.
      const victimResult = await victimRun;
      assert.equal(victimResult.functionError, undefined, victimResult.payload.toString());
      assert.deepEqual(json(victimResult), { slept: 4000 });
      const again = await h.invoke(victim, { action: 'echo' });
      assert.equal(json(again).requestId, again.requestId);
    });

    test('a host process connecting to a Runtime API is reset unread', async () => {
      const victim = h.fn('host-victim', { timeout: 30 });
      const { env } = json(await h.invoke(victim, { action: 'env' }));
      const victimPort = Number(String(env.AWS_LAMBDA_RUNTIME_API).split(':')[1]);
      // This test process, and curl started from it: neither belongs to the environment.
      assert.equal(await probe(victimPort), 'closed');
      const curl = await new Promise<string>((resolve) => {
        const args = ['-s', '-m', '15', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${victimPort}/2018-06-01/runtime/invocation/next`];
        const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.on('exit', (code) => resolve(`${out} exit ${code === 0 ? 0 : 'nonzero'}`));
      });
      // Reset as it connects (exit 7) or as it waits (exit 56): no HTTP answer at all.
      assert.equal(curl, '000 exit nonzero');
      const again = await h.invoke(victim, { action: 'echo' });
      assert.equal(json(again).requestId, again.requestId);
    });

    test('a shell bootstrap whose curl connects anew for every request is served', async () => {
      const fn = h.codeFn('curl-runtime', { bootstrap: CURL_BOOTSTRAP });
      for (let i = 0; i < 3; i++) {
        const result = await h.invoke(fn, { n: i });
        assert.equal(result.functionError, undefined, result.payload.toString());
        assert.deepEqual(json(result), { shell: { n: i } });
      }
    });
  });
}

describe('identifying the process behind a loopback connection', () => {
  const listener = loopbackListener();
  const nextConnection = () => listener.nextConnection();

  test('a descendant of the launched process is found; the server holding its own end is not the client', async () => {
    const connection = nextConnection();
    // sh forks curl (the `; true` keeps sh from exec-ing it): the connecting process is a child.
    const sh = spawn('/bin/sh', ['-c', `curl -s -m 20 http://127.0.0.1:${listener.port}/ >/dev/null; true`], { stdio: 'ignore' });
    try {
      const socket = await connection;
      const tree = processTree(sh.pid!);
      assert.ok(tree.length >= 2, `sh and curl: ${tree.join(',')}`);
      assert.equal(tree[0], sh.pid);
      assert.equal(await connectionFrom(socket, () => tree), true);
      assert.equal(await connectionFrom(socket, () => [sh.pid!]), false, 'sh itself holds no socket');
      assert.equal(await connectionFrom(socket, () => [process.pid]), false, 'the accepting side is not the client');
    } finally {
      sh.kill('SIGKILL');
    }
  });

  test('IPv4 and IPv4-mapped IPv6 client sockets are both found', async () => {
    for (const host of ['127.0.0.1', '::ffff:127.0.0.1']) {
      const connection = nextConnection();
      const client = connect({ host, port: listener.port });
      const socket = await connection;
      try {
        const inode = clientSocketInode(socket.remoteAddress!, socket.remotePort!, socket.localAddress!, socket.localPort!);
        assert.match(inode ?? '', /^\d+$/, host);
        assert.equal(await connectionFrom(socket, () => [process.pid]), true, host);
      } finally {
        client.destroy();
      }
    }
  });

  test('a connection whose client is gone is refused', async () => {
    const connection = nextConnection();
    const client = connect({ host: '127.0.0.1', port: listener.port });
    const socket = await connection;
    assert.equal(await connectionFrom(socket, () => [process.pid]), true, 'found while the client is connected');
    client.destroy();
    // Once its FIN has arrived the client socket is closed: no live socket for those ports any more.
    await new Promise((resolve) => socket.once('end', resolve));
    assert.equal(await connectionFrom(socket, () => [process.pid]), false);
  });
});

/** One `next` request from this process on a new connection: 'closed' when reset without a byte of answer. */
function probe(port: number): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect({ host: '127.0.0.1', port });
    const done = () => resolve(data ? `answered ${data.split(' ')[1]}` : 'closed');
    socket.on('connect', () => socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', () => undefined);
    socket.on('close', done);
  });
}
