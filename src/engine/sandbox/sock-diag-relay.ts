import { spawn, type ChildProcess } from 'node:child_process';
import { endianness } from 'node:os';
import { decodeAnswer, encodeLookup, type LookupAnswer, type SocketTuple } from './sock-diag.js';

/**
 * Node cannot open netlink sockets, so one long-lived perl process (perl is part of every Debian-like
 * system; its core language opens any socket with numeric constants, no module needed) relays: it reads
 * length-prefixed requests on stdin, hands each to the kernel on a NETLINK_SOCK_DIAG socket, and writes the
 * kernel's answer back, length-prefixed, one at a time. All encoding and decoding stays here. Exit 3: the
 * kernel offers no sock_diag socket (a sandboxed kernel, gVisor), so there is no point trying again.
 */
const RELAY_SCRIPT = String.raw`
$0 = 'lambkin-sock-diag';
socket(my $nl, 16, 3, 4) or exit 3;
binmode STDIN; binmode STDOUT;
sub take { my $n = shift; my $b = '';
  while (length($b) < $n) { my $r = sysread(STDIN, $b, $n - length($b), length($b)); return undef unless $r; }
  return $b; }
while (defined(my $head = take(4))) {
  my $request = take(unpack('N', $head)); exit 0 unless defined $request;
  send($nl, $request, 0) or exit 4;
  defined(recv($nl, my $reply, 65536, 0)) or exit 5;
  syswrite(STDOUT, pack('N', length $reply) . $reply) or exit 6;
}
`;

const NO_NETLINK = 3;
/** A relay that has not answered this long is stuck (or starved): replaced, its callers told to look elsewhere. */
const ANSWER_TIMEOUT_MS = 2000;
/** After a relay died, lookups go elsewhere for this long before another is started. */
const RESTART_AFTER_MS = 1000;
/** Relays that die before answering anything, in a row, before netlink is given up for good. */
const MAX_FAILED_STARTS = 3;

interface Pending {
  resolve(answer: LookupAnswer | undefined): void;
  timer: NodeJS.Timeout;
}

/**
 * Exact TCP socket lookups through the relay. An answer of undefined means the relay could not answer
 * (not running, gone, stuck, or never possible here): the caller must find out another way, never admit.
 */
export class SockDiagRelay {
  private child?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private received: Buffer = Buffer.alloc(0);
  private seq = 0;
  private answeredByThisChild = false;
  private failedStarts = 0;
  private restartAt = 0;
  /** Netlink headers are in host order; sock-diag.ts writes little-endian ones. */
  private givenUp = endianness() !== 'LE';
  private started = 0;
  private believed = false;
  private distrusted = 0;

  /** Counts relays started: answers are judged against the relay that gave them. */
  get generation(): number {
    return this.started;
  }

  /** The current relay was seen to find a socket known to exist (see client-socket.ts). */
  get verified(): boolean {
    return this.believed;
  }

  /** Whether lookups can be asked now (a relay runs or may be started). */
  get usable(): boolean {
    return !this.givenUp && (this.child !== undefined || Date.now() >= this.restartAt);
  }

  /** The relay's process id, when one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  lookup(tuple: SocketTuple, family: 'inet' | 'inet6' = 'inet'): Promise<LookupAnswer | undefined> {
    if (!this.usable) return Promise.resolve(undefined);
    const seq = (this.seq = (this.seq % 0xffffffff) + 1);
    const request = encodeLookup(seq, tuple, family);
    if (!request) return Promise.resolve(undefined);
    const child = this.child ?? this.start();
    if (!child) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.replace(child), ANSWER_TIMEOUT_MS).unref();
      this.pending.set(seq, { resolve, timer });
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32BE(request.length, 0);
      child.stdin!.write(Buffer.concat([head, request]));
    });
  }

  /**
   * What the relay of `generation` said about a socket known to exist: found, it is believed from now on;
   * not found, its answers cannot be (a kernel without TCP diag support says ENOENT to everything).
   */
  judge(generation: number, found: boolean): void {
    if (generation !== this.generation || !this.child) return;
    if (found) {
      this.believed = true;
      this.distrusted = 0;
      return;
    }
    this.replace(this.child);
    if (++this.distrusted >= MAX_FAILED_STARTS) this.givenUp = true;
  }

  /** Stops the relay (lookups start another when next asked). */
  stop(): void {
    if (this.child) this.replace(this.child, false);
  }

  private start(): ChildProcess | undefined {
    let child: ChildProcess;
    try {
      child = spawn('perl', ['-e', RELAY_SCRIPT], {
        // Nothing of the server's environment (PERL5OPT, PERL5LIB) reaches the relay.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
    } catch {
      this.givenUp = true;
      return undefined;
    }
    this.child = child;
    this.started++;
    this.believed = false;
    this.answeredByThisChild = false;
    this.received = Buffer.alloc(0);
    // The relay never keeps the server alive; it ends when the server does (its stdin closes).
    child.unref();
    for (const pipe of [child.stdin, child.stdout] as const) (pipe as unknown as { unref?(): void }).unref?.();
    child.stdin!.on('error', () => this.replace(child));
    child.stdout!.on('data', (chunk: Buffer) => this.receive(child, chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      // No perl at all: the /proc table answers from now on.
      if (err.code === 'ENOENT') this.givenUp = true;
      this.replace(child);
    });
    child.on('exit', (code) => {
      if (code === NO_NETLINK) this.givenUp = true;
      this.replace(child);
    });
    return child;
  }

  private receive(child: ChildProcess, chunk: Buffer): void {
    if (child !== this.child) return;
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    while (this.received.length >= 4) {
      const length = this.received.readUInt32BE(0);
      if (this.received.length < 4 + length) break;
      const answer = decodeAnswer(this.received.subarray(4, 4 + length));
      this.received = this.received.subarray(4 + length);
      const waiting = answer && this.pending.get(answer.seq);
      // An answer to no question: the relay is out of step and none of its answers can be trusted.
      if (!waiting) return this.replace(child);
      this.pending.delete(answer.seq);
      clearTimeout(waiting.timer);
      this.answeredByThisChild = true;
      this.failedStarts = 0;
      waiting.resolve(answer);
    }
  }

  /** Ends this relay, if still current: its pending callers look elsewhere; a new one starts later. */
  private replace(child: ChildProcess, failed = true): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.believed = false;
    if (failed) {
      if (!this.answeredByThisChild && ++this.failedStarts >= MAX_FAILED_STARTS) this.givenUp = true;
      this.restartAt = Date.now() + RESTART_AFTER_MS;
    }
    child.kill('SIGKILL');
    for (const { resolve, timer } of this.pending.values()) {
      clearTimeout(timer);
      resolve(undefined);
    }
    this.pending.clear();
  }
}
