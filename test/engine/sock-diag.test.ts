// Exact socket lookups over netlink sock_diag, checked against the kernel's /proc TCP table for real
// loopback connections; and the relay's failures, after which lookups still answer (from /proc).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { loopbackListener } from '../support/loopback-listener.js';
import { clientSocketOf } from '../../src/engine/sandbox/client-socket.js';
import { clientSocketInode } from '../../src/engine/sandbox/proc-tcp-table.js';
import { decodeAnswer, encodeLookup, TCP_ESTABLISHED, type SocketTuple } from '../../src/engine/sandbox/sock-diag.js';
import { SockDiagRelay } from '../../src/engine/sandbox/sock-diag-relay.js';

const ENOENT = 2;
const TCP_LISTEN = 10;

describe('sock_diag lookups of real loopback sockets', () => {
  const listener = loopbackListener();
  const relays: SockDiagRelay[] = [];
  after(() => {
    for (const relay of relays) relay.stop();
  });
  const newRelay = () => {
    const relay = new SockDiagRelay();
    relays.push(relay);
    return relay;
  };

  /** A connection from this process: its client end, and the server's end as accepted. */
  async function connection(host = '127.0.0.1'): Promise<{ client: Socket; serverEnd: Socket; client4: SocketTuple; server4: SocketTuple }> {
    const next = listener.nextConnection();
    const client = connect({ host, port: listener.port });
    const serverEnd = await next;
    await new Promise((resolve) => (client.connecting ? client.once('connect', resolve) : resolve(undefined)));
    const server4 = tupleOf(serverEnd);
    const client4 = { localAddress: server4.remoteAddress, localPort: server4.remotePort, remoteAddress: server4.localAddress, remotePort: server4.localPort };
    return { client, serverEnd, client4, server4 };
  }

  test('the client socket found by exact lookup is the one /proc/net/tcp lists, with its owner', async () => {
    const relay = newRelay();
    const { client, client4, server4 } = await connection();
    try {
      const answer = await relay.lookup(client4);
      assert.ok(answer?.found, JSON.stringify(answer));
      const listed = clientSocketInode(client4.localAddress, client4.localPort, client4.remoteAddress, client4.remotePort);
      assert.deepEqual(
        { state: answer.state, uid: answer.uid, inode: String(answer.inode), localPort: answer.localPort, remotePort: answer.remotePort },
        { state: TCP_ESTABLISHED, uid: process.getuid!(), inode: listed, localPort: client4.localPort, remotePort: listener.port },
      );
      // The server's end is another socket of the same connection.
      const serverAnswer = await relay.lookup(server4);
      assert.ok(serverAnswer?.found);
      assert.equal(String(serverAnswer.inode), clientSocketInode(server4.localAddress, server4.localPort, server4.remoteAddress, server4.remotePort));
      assert.notEqual(serverAnswer.inode, answer.inode);
    } finally {
      client.destroy();
    }
  });

  test('an IPv6 client socket connected to the IPv4-mapped address is found as IPv4 and as IPv6', async () => {
    const relay = newRelay();
    const { client, client4 } = await connection('::ffff:127.0.0.1');
    try {
      assert.equal(client.localAddress, '::ffff:127.0.0.1', 'the client end is an IPv6 socket');
      const listed = clientSocketInode(client4.localAddress, client4.localPort, client4.remoteAddress, client4.remotePort);
      assert.match(listed ?? '', /^\d+$/);
      for (const family of ['inet', 'inet6'] as const) {
        const answer = await relay.lookup(client4, family);
        assert.ok(answer?.found, `${family}: ${JSON.stringify(answer)}`);
        assert.equal(String(answer.inode), listed, family);
      }
      assert.equal(await clientSocketOf(tupleOf(listener.accepted.at(-1)!), relay), listed);
    } finally {
      client.destroy();
    }
  });

  test('no socket with the 4-tuple: ENOENT; the listener is no connection; a closed client: no live socket', async () => {
    const relay = newRelay();
    const { client, serverEnd, client4 } = await connection();
    const nobody = await relay.lookup({ ...client4, remotePort: client4.localPort });
    assert.deepEqual(nobody && { found: nobody.found, errno: !nobody.found && nobody.errno }, { found: false, errno: ENOENT });
    // With no connection of that 4-tuple, the kernel's lookup falls back to a listener on the local port.
    const listening = await relay.lookup({ ...client4, localPort: listener.port, remotePort: listener.port });
    assert.deepEqual(listening && listening.found && { state: listening.state, localPort: listening.localPort }, { state: TCP_LISTEN, localPort: listener.port });

    assert.match((await clientSocketOf(tupleOf(serverEnd), relay)) ?? '', /^\d+$/);
    const server4 = tupleOf(serverEnd);
    client.destroy();
    await new Promise((resolve) => serverEnd.once('end', resolve));
    const gone = await relay.lookup(client4);
    assert.ok(gone, 'the relay answers');
    assert.ok(!gone.found || gone.state !== TCP_ESTABLISHED, JSON.stringify(gone));
    assert.equal(await clientSocketOf(server4, relay), undefined);
    assert.equal(clientSocketInode(client4.localAddress, client4.localPort, client4.remoteAddress, client4.remotePort), undefined);
  });

  test('a relay that dies mid-lookup: the lookup says so, the /proc table answers, a new relay takes over', async () => {
    const relay = newRelay();
    const { client, serverEnd, client4 } = await connection();
    try {
      const listed = clientSocketInode(client4.localAddress, client4.localPort, client4.remoteAddress, client4.remotePort);
      assert.equal(await clientSocketOf(tupleOf(serverEnd), relay), listed);
      const first = relay.pid!;
      assert.equal(relay.verified, true);

      // Stopped, it cannot answer before it is killed.
      process.kill(first, 'SIGSTOP');
      const asked = relay.lookup(client4);
      process.kill(first, 'SIGKILL');
      assert.equal(await asked, undefined);
      assert.equal(relay.pid, undefined);
      assert.equal(await clientSocketOf(tupleOf(serverEnd), relay), listed, 'answered from /proc meanwhile');

      await until(() => relay.usable);
      assert.equal(await clientSocketOf(tupleOf(serverEnd), relay), listed);
      assert.notEqual(relay.pid, undefined);
      assert.notEqual(relay.pid, first);
      assert.equal(relay.verified, true);
    } finally {
      client.destroy();
    }
  });

  test('without perl the relay gives up at once and the /proc table answers', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    const relay = newRelay();
    const { client, serverEnd, client4 } = await connection();
    try {
      assert.equal(await relay.lookup(client4), undefined);
      assert.equal(relay.usable, false);
    } finally {
      process.env.PATH = path;
    }
    try {
      const listed = clientSocketInode(client4.localAddress, client4.localPort, client4.remoteAddress, client4.remotePort);
      assert.match(listed ?? '', /^\d+$/);
      assert.equal(await clientSocketOf(tupleOf(serverEnd), relay), listed);
    } finally {
      client.destroy();
    }
  });

  test('what is not a sock_diag answer is not decoded', () => {
    const request = encodeLookup(7, { localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2 })!;
    assert.equal(request.length, 72);
    // The request itself carries no answer's body; a truncated header, or an acknowledgement, neither.
    assert.equal(decodeAnswer(request), undefined);
    assert.equal(decodeAnswer(request.subarray(0, 10)), undefined);
    const ack = Buffer.alloc(36);
    ack.writeUInt32LE(36, 0);
    ack.writeUInt16LE(2, 4);
    assert.equal(decodeAnswer(ack), undefined);
    assert.equal(encodeLookup(1, { localAddress: '::1', localPort: 1, remoteAddress: '::1', remotePort: 2 }), undefined);
  });
});

function tupleOf(socket: Socket): SocketTuple {
  return { localAddress: socket.localAddress!, localPort: socket.localPort!, remoteAddress: socket.remoteAddress!, remotePort: socket.remotePort! };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition());
}
