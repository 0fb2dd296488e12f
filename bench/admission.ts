/**
 * `npx tsx bench/admission.ts [connections]`: what admitting one new Runtime API connection costs, before
 * (the client socket's inode from /proc/net/tcp, then the fd scan) and now (one exact sock_diag lookup
 * through the relay, then the fd scan). The client is a Node process (fds like a runtime's) that opens a
 * new connection whenever asked, as curl-based runtimes do for every request. Both checks run on the same
 * accepted socket, in alternating order. "server CPU" is the server's own CPU per admission (the relay's
 * is its own process); the old check blocks the event loop for all of its time.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { clientSocketOf, sockDiag } from '../src/engine/sandbox/client-socket.js';
import { anyHoldsSocket, connectionFrom } from '../src/engine/sandbox/peers.js';
import { clientSocketInode } from '../src/engine/sandbox/proc-tcp-table.js';
import { latency } from './stats.js';

const CONNECTIONS = Number(process.argv[2]) || 300;

const CLIENT = `
const net = require('node:net');
let last;
process.stdin.on('data', () => { last?.destroy(); last = net.connect(Number(process.argv[1]), '127.0.0.1'); });
`;

function before(socket: Socket, pids: number[]): boolean {
  const inode = clientSocketInode(socket.remoteAddress!, socket.remotePort!, socket.localAddress!, socket.localPort!);
  return inode !== undefined && anyHoldsSocket(pids, inode);
}

const tupleOf = (s: Socket) => ({ localAddress: s.localAddress!, localPort: s.localPort!, remoteAddress: s.remoteAddress!, remotePort: s.remotePort! });
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

async function main(): Promise<void> {
  let accept: ((socket: Socket) => void) | undefined;
  const server = createServer({ pauseOnConnect: true }, (socket) => accept?.(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = spawn(process.execPath, ['-e', CLIENT, String(port)], { stdio: ['pipe', 'inherit', 'inherit'] });
  const pids = [client.pid!];
  const nextConnection = () => new Promise<Socket>((resolve) => {
    accept = resolve;
    client.stdin!.write('\n');
  });

  const rows = { before: [] as number[], now: [] as number[], relay: [] as number[], fdScan: [] as number[], refused: [] as number[] };
  const cpu = { before: 0, now: 0 };
  // The relay's start and first (verifying) lookup are a one-off: done before timing.
  await connectionFrom(await nextConnection(), () => pids);
  for (let i = 0; i < CONNECTIONS; i++) {
    const socket = await nextConnection();
    const order = i % 2 === 0 ? ['before', 'now'] as const : ['now', 'before'] as const;
    for (const which of order) {
      const cpuFrom = process.cpuUsage();
      const t0 = performance.now();
      const admitted = which === 'before' ? before(socket, pids) : await connectionFrom(socket, () => pids);
      rows[which].push(performance.now() - t0);
      cpu[which] += cpuMs(cpuFrom);
      if (!admitted) throw new Error(`${which}: the client's own connection was not admitted`);
    }
    const t1 = performance.now();
    const inode = await clientSocketOf(tupleOf(socket));
    const t2 = performance.now();
    anyHoldsSocket(pids, inode!);
    rows.relay.push(t2 - t1);
    rows.fdScan.push(performance.now() - t2);
    // Refused: the connection checked against a process that does not hold it (every fd is read).
    const t3 = performance.now();
    if (await connectionFrom(socket, () => [process.pid])) throw new Error('admitted for a process that does not hold it');
    rows.refused.push(performance.now() - t3);
    socket.destroy();
  }
  client.kill();
  server.close();
  sockDiag.stop();

  const sockets = readFileSync('/proc/net/tcp', 'latin1').split('\n').length - 2;
  const relayUsed = sockDiag.generation > 0;
  const line = (label: string, samples: number[]) => {
    const { p50, p99, n } = latency(samples);
    return `${label.padEnd(44)} p50 ${(p50 * 1000).toFixed(0).padStart(6)} µs  p99 ${(p99 * 1000).toFixed(0).padStart(6)} µs  (n=${n})`;
  };
  console.log(`Runtime API admission, ${CONNECTIONS} new connections from a Node process (${sockets} TCP sockets on the host)`);
  console.log(line('before: /proc/net/tcp + fd scan', rows.before));
  console.log(line(`now: ${relayUsed ? 'sock_diag relay' : '/proc/net/tcp (no relay here)'} + fd scan`, rows.now));
  console.log(line('  of which the lookup (relay round trip)', rows.relay));
  console.log(line('  of which the fd scan', rows.fdScan));
  console.log(line('refused (now; every fd of a non-owner read)', rows.refused));
  console.log(`server CPU per admission: before ${(cpu.before / CONNECTIONS * 1000).toFixed(0)} µs, now ${(cpu.now / CONNECTIONS * 1000).toFixed(0)} µs` +
    `  | ratio p50 ${(latency(rows.before).p50 / latency(rows.now).p50).toFixed(1)}x (before/now)`);
}

void main();
