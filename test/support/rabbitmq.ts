/**
 * A real RabbitMQ broker (Debian's rabbitmq-server) on free loopback ports with folders of its own;
 * always stopped, Erlang VM (beam.smp) and port mapper (epmd) included. It is started through the
 * broker's own start script rather than the Debian wrapper, which re-executes through `su` and so
 * leaves processes the test cannot stop by id. Its own epmd, on its own port, is the test's child.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { connect, type ChannelModel } from 'amqplib';

const BIN = '/usr/lib/rabbitmq/bin';
const START_DEADLINE_MS = 90_000;

export interface Rabbit {
  port: number;
  /** The broker's user, as a BASIC_AUTH secret holds it. */
  user: { username: string; password: string };
  /** amqp://127.0.0.1:PORT, what `--mq-broker ARN=URL` points at. */
  url: string;
  /** A connection of the test's own (closed when the broker stops). */
  connect(vhost?: string): Promise<ChannelModel>;
  /** `rabbitmqctl ARGS` against this broker. */
  ctl(...args: string[]): Promise<string>;
  /** A virtual host the broker's user may use. */
  addVhost(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startRabbit(): Promise<Rabbit> {
  const dir = mkdtempSync(join(tmpdir(), 'lambkin-rabbit-'));
  for (const sub of ['home', 'mnesia', 'log']) mkdirSync(join(dir, sub));
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const user = { username: 'lambkin', password: 'rabbit-secret' };
  writeFileSync(join(dir, 'rabbitmq.conf'), [
    `listeners.tcp.default = 127.0.0.1:${port}`,
    `default_user = ${user.username}`,
    `default_pass = ${user.password}`,
    'log.file = false',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const node = `lambkin${port}@localhost`;
  const env = {
    ...process.env,
    HOME: join(dir, 'home'),
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'beam.pid'),
  };
  const epmd = spawn('epmd', ['-port', String(epmdPort)], { stdio: 'ignore', env });
  // Were it not listening yet, the VM would start an epmd daemon of its own that nothing stops.
  await waitForPort(epmdPort, epmd).catch((err: unknown) => {
    epmd.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const broker = spawn(join(BIN, 'rabbitmq-server'), [], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const log: string[] = [];
  broker.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
  broker.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
  const connections: ChannelModel[] = [];

  let stopping: Promise<void> | undefined;
  const beamPid = (): number | undefined => {
    try {
      return Number(readFileSync(env.RABBITMQ_PID_FILE, 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  // Should the test process die first, the VM and epmd must not outlive it.
  const killNow = () => {
    const pid = beamPid();
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    broker.kill('SIGKILL');
    epmd.kill('SIGKILL');
  };
  process.once('exit', killNow);
  const stop = () => stopping ??= (async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    // The start script stops the VM cleanly on SIGTERM; whatever is left after that is killed.
    broker.kill('SIGTERM');
    const killer = setTimeout(() => broker.kill('SIGKILL'), 20_000);
    await exited(broker);
    clearTimeout(killer);
    const pid = beamPid();
    for (let i = 0; pid !== undefined && alive(pid) && i < 50; i++) {
      if (i === 20) process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
    }
    epmd.kill('SIGTERM');
    await exited(epmd);
    process.removeListener('exit', killNow);
    rmSync(dir, { recursive: true, force: true });
  })();
  after(stop);

  try {
    await waitUntilUp(port, user, log, broker);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${log.join('')}`);
  }
  const ctl = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(join(BIN, 'rabbitmqctl'), ['-n', node, ...args], { env, timeout: 60_000 });
    return stdout;
  };
  return {
    port,
    user,
    url: `amqp://127.0.0.1:${port}`,
    async connect(vhost = '/') {
      const c = await connect({ hostname: '127.0.0.1', port, username: user.username, password: user.password, vhost });
      connections.push(c);
      return c;
    },
    ctl,
    async addVhost(name) {
      await ctl('add_vhost', name);
      await ctl('set_permissions', '-p', name, user.username, '.*', '.*', '.*');
    },
    stop,
  };
}

async function waitForPort(port: number, owner: ChildProcess): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (owner.exitCode !== null || Date.now() > until) throw new Error(`epmd did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntilUp(port: number, user: Rabbit['user'], log: string[], broker: ChildProcess): Promise<void> {
  const until = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (broker.exitCode !== null || broker.signalCode !== null) throw new Error(`rabbitmq-server exited (${broker.exitCode ?? broker.signalCode})`);
    if (/Starting broker\.\.\. completed/.test(log.join(''))) {
      const c = await connect({ hostname: '127.0.0.1', port, username: user.username, password: user.password }).catch(() => undefined);
      if (c) {
        await c.close();
        return;
      }
    }
    if (Date.now() > until) throw new Error(`rabbitmq-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
