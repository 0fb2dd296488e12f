import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DeadlineClock } from './deadline.js';
import { withEnvironment, type InitializationType } from './env-vars.js';
import { EnvironmentProcess } from './environment-process.js';
import {
  abandonedOutcome,
  deliveryHeaders,
  exitedOutcome,
  invokeResult,
  newInvocation,
  timedOutOutcome,
  type Invocation,
  type Outcome,
} from './invocation.js';
import { LogCapture } from './log-capture.js';
import { logStreamName } from './logs/platform.js';
import type { LogStore } from './logs/store.js';
import {
  replyAccepted, replyInvalidState, startRuntimeApi, type RuntimeApiHandler, type RuntimeApiServer, type RuntimeExchange,
} from './runtime-api.js';
import { readErrorPost, readInitError, readResponse } from './runtime-posts.js';
import type { CgroupVersion } from './sandbox/cgroups.js';
import type { StopReason } from './observer.js';
import type { LaunchPlan } from './sandbox/launcher.js';
import type { SparePool } from './sandbox/spare.js';
import type { Attachment, ZygotePool } from './sandbox/zygotes.js';
import type { FunctionSnapshot, InvokeParams, InvokeResult } from './types.js';

/** What all environments of one function version share, computed once per envKey. */
export interface EnvironmentTemplate {
  fn: FunctionSnapshot;
  plan: LaunchPlan;
  baseEnv: Record<string, string>;
  logs: LogStore;
  cgroupVersion?: CgroupVersion;
  /** Launchers already inside a fresh cgroup (set with cgroupVersion). */
  spares?: SparePool;
  /** Pre-started sandboxes a never-seen environment of this version is attached to, and what to attach. */
  zygotes?: ZygotePool;
  attachment?: Attachment;
  warn(message: string): void;
}

/** Lambda gives init this long on its own before the invoke's timeout starts counting. */
const INIT_GRACE_MS = 10_000;

/**
 * One execution environment: a runtime process in its sandbox, its Runtime API, its log stream.
 * Runs one invocation at a time; the pool decides which environment gets which invoke.
 *
 * This class is the Runtime API's state machine (init → next → invocation → response or error); the
 * process lives in EnvironmentProcess, the log stream in LogCapture.
 */
export class Environment implements RuntimeApiHandler {
  readonly id = randomBytes(16).toString('hex');
  readonly fn: FunctionSnapshot;
  readonly streamName: string;
  /** Set once dead: killed, crashed or retired. */
  dead = false;
  /** Last time it finished an invocation (for idle reaping). */
  idleSince = 0;
  onRelease: (env: Environment) => void = () => {};
  onDeath: (env: Environment) => void = () => {};
  /** Another environment for an invoke this one took but its runtime exited before asking for; undefined: none. */
  rerun: (params: InvokeParams) => Promise<InvokeResult> | undefined = () => undefined;
  /** The runtime finished init (asked for its first event). */
  onInitialized: (env: Environment) => void = () => {};
  /** Resolves once the process is gone and the environment's resources are released. */
  readonly stopped: Promise<void>;
  private markStopped!: () => void;

  private readonly template: EnvironmentTemplate;
  private readonly logs: LogCapture;
  private readonly process: EnvironmentProcess;
  private api?: RuntimeApiServer;
  /** The runtime's `next` request, waiting for an invocation. */
  private parked?: RuntimeExchange;
  private current?: Invocation;
  private spawnedAt = 0;
  private initialized = false;
  private initDurationMs?: number;
  private initTimer?: NodeJS.Timeout;
  private killedFor?: Exclude<StopReason, 'exited'>;
  private cleanedUp = false;
  /** The running invocation's deadline: one timer for the environment's life. */
  private readonly deadline: DeadlineClock;

  constructor(template: EnvironmentTemplate, readonly initializationType: InitializationType = 'on-demand') {
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
    this.template = template;
    this.fn = template.fn;
    this.streamName = logStreamName(this.fn.version, this.id);
    const stream = template.logs.openStream(this.fn.accountId, this.fn.region, this.fn.logGroup, this.streamName);
    this.logs = new LogCapture(stream, this.fn, template.warn);
    this.process = new EnvironmentProcess({ ...template, memorySize: this.fn.memorySize }, this.id);
    this.deadline = new DeadlineClock(this.fn.timeout * 1000, () => {
      if (this.current?.delivered) this.timedOut(this.current);
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Whether its init is over: the runtime has asked for an event. */
  get initDone(): boolean {
    return this.initialized;
  }

  /** Why it stopped (or is stopping): the kill's reason, else the runtime exited on its own. */
  get stopReason(): StopReason {
    return this.killedFor ?? 'exited';
  }

  /** Starts the Runtime API and the runtime process; init continues in the background. */
  async start(): Promise<void> {
    try {
      this.api = await startRuntimeApi(this, (socket) => !this.dead && this.process.owns(socket));
      const aheadOfInvokes = this.initializationType === 'provisioned-concurrency';
      if (aheadOfInvokes && this.template.plan.coldStartLog) this.logs.write(this.template.plan.coldStartLog, undefined);
      this.spawn(withEnvironment(this.template.baseEnv, `127.0.0.1:${this.api.port}`, this.streamName, this.initializationType));
    } catch (err) {
      // Never started: leave the pool and release what was set up, so shutdown does not wait for it.
      this.kill();
      throw err;
    }
  }

  private spawn(env: Record<string, string>): void {
    this.spawnedAt = performance.now();
    this.process.start(env, {
      output: (which, chunk) => this.logs.output(which, chunk, this.current?.tail),
      failedToStart: (err) => {
        this.logs.write(`Error: ${err.message}\n`, this.current?.tail);
        this.exited(127, null);
      },
      exited: (code, signal) => this.exited(code, signal),
    });
  }

  /** Runs one invocation; the environment must be idle. */
  invoke(params: InvokeParams): Promise<InvokeResult> {
    return new Promise((resolve) => {
      const inv = newInvocation(params, resolve);
      this.current = inv;
      if (!this.initialized) {
        if (this.template.plan.coldStartLog) this.logs.write(this.template.plan.coldStartLog, inv.tail);
        const limit = INIT_GRACE_MS + this.fn.timeout * 1000;
        this.initTimer = setTimeout(() => this.timedOut(inv), limit);
      }
      if (this.parked) this.deliver(inv);
    });
  }

  // ---- Runtime API ----

  next(exchange: RuntimeExchange): void {
    const inv = this.current;
    if (inv?.delivered && !inv.done) {
      return replyInvalidState(exchange, `State transition from Running to Ready failed: invocation ${inv.params.requestId} has no response yet`);
    }
    const initEnded = !this.initialized;
    if (initEnded) {
      this.initialized = true;
      this.initDurationMs = performance.now() - this.spawnedAt;
      // The runtime is loaded: a figure for the REPORT line even if it dies before it can be read again.
      this.process.sampleMemory();
    }
    this.parked = exchange;
    exchange.onGone(() => {
      if (this.parked === exchange) this.parked = undefined;
    });
    if (inv && !inv.delivered) this.deliver(inv);
    // Idle until the next invoke: as on Lambda, nothing of the environment runs meanwhile.
    else if (!this.dead) this.process.freeze();
    if (initEnded) this.onInitialized(this);
  }

  response(requestId: string, exchange: RuntimeExchange): void {
    const inv = this.acceptResult(requestId, exchange);
    if (!inv) return;
    readResponse(inv, exchange, (outcome) => this.complete(inv, outcome)).catch((err) => this.postFailed('response', exchange, err));
  }

  error(requestId: string, exchange: RuntimeExchange): void {
    const inv = this.acceptResult(requestId, exchange);
    if (!inv) return;
    readErrorPost(inv, exchange, (outcome) => this.complete(inv, outcome)).catch((err) => this.postFailed('error', exchange, err));
  }

  initError(exchange: RuntimeExchange): void {
    readInitError(exchange).then((outcome) => {
      if (this.initialized) return replyInvalidState(exchange, 'State transition from Ready to InitError failed: init already ended');
      replyAccepted(exchange);
      this.killedFor = 'init-error';
      this.kill();
      const inv = this.current;
      // The init output already logged belongs before START, as on Lambda.
      if (inv && !inv.done && !inv.delivered) this.logs.start(inv.params.requestId, inv.tail);
      if (inv && !inv.done) this.complete(inv, outcome);
    }).catch((err) => this.postFailed('init error', exchange, err));
  }

  /**
   * A post the runtime broke off (its connection reset mid-body) cannot be answered and says nothing:
   * the invocation ends when the runtime exits or times out. Anything else is a fault here, said once.
   */
  private postFailed(what: string, exchange: RuntimeExchange, err: unknown): void {
    if (exchange.brokenOff) return;
    const id = this.current?.params.requestId ?? 'none';
    this.template.warn(`lambkin engine: ${what} post of environment ${this.id} (${this.fn.functionArn}, request ${id}) failed: ${(err as Error).stack ?? err}`);
  }

  // ---- internals ----

  private acceptResult(requestId: string, exchange: RuntimeExchange): Invocation | undefined {
    const inv = this.current;
    if (!inv || !inv.delivered || inv.done || inv.params.requestId !== requestId) {
      exchange.discard();
      replyInvalidState(exchange, `Invalid request ID or state for ${requestId}`);
      return undefined;
    }
    return inv;
  }

  private deliver(inv: Invocation): void {
    const exchange = this.parked!;
    this.parked = undefined;
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    inv.delivered = true;
    this.process.thaw();
    inv.startedAt = performance.now();
    this.logs.start(inv.params.requestId, inv.tail);
    exchange.reply(200, deliveryHeaders(this.fn, inv.params), inv.params.payload);
    this.deadline.arm(inv.startedAt);
  }

  private timedOut(inv: Invocation): void {
    if (inv.done) return;
    const id = inv.params.requestId;
    if (!inv.delivered) this.logs.start(id, inv.tail);
    this.logs.timeout(id, inv.tail);
    this.killedFor = 'timeout';
    this.kill();
    this.complete(inv, timedOutOutcome(id, this.fn.timeout));
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.cleanedUp) return;
    const wasKilled = this.killedFor;
    this.markDead();
    const inv = this.current;
    // Between invokes (init long done), the runtime chose to go: the invoke waiting for it never started.
    const elsewhere = inv && !inv.done && !wasKilled && !inv.delivered && this.initialized ? this.rerun(inv.params) : undefined;
    if (inv && elsewhere) {
      inv.done = true;
      this.current = undefined;
      void elsewhere.then(inv.resolve);
    } else if (inv && !inv.done && !wasKilled) {
      const id = inv.params.requestId;
      const { message, ...outcome } = exitedOutcome(id, code, signal, this.process.oomKilled());
      if (!inv.delivered) this.logs.start(id, inv.tail);
      this.logs.write(`${message}\n${outcome.errorType}\n`, inv.tail);
      this.complete(inv, outcome);
    }
    this.cleanup();
  }

  private complete(inv: Invocation, outcome: Outcome): void {
    inv.done = true;
    this.deadline.disarm();
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    const durationMs = inv.delivered ? performance.now() - inv.startedAt : 0;
    // Read now: after a crash the cgroup holding the figure is removed before the REPORT line is written.
    // A platform-ended invocation (timeout, crash) reads it afresh, whatever ran.
    const maxMemoryUsedMb = this.process.maxMemoryUsedMb(outcome.status ? undefined : durationMs);
    // Output the runtime wrote just before answering may still sit in the pipe: let it be read first.
    setImmediate(() => this.finish(inv, outcome, durationMs, maxMemoryUsedMb));
  }

  private finish(inv: Invocation, outcome: Outcome, durationMs: number, maxMemoryUsedMb: number): void {
    this.logs.flush(this.current?.tail);
    const id = inv.params.requestId;
    const initDurationMs = this.initDurationMs;
    this.initDurationMs = undefined;
    // An init run ahead of invokes is paid for by provisioned concurrency, not billed to its first invoke.
    const initBilled = this.initializationType === 'on-demand';
    this.logs.end(outcome, { requestId: id, durationMs, maxMemoryUsedMb, initDurationMs, initBilled }, inv.tail);
    const result = invokeResult(inv, outcome, durationMs, initDurationMs);
    if (this.current === inv) this.current = undefined;
    this.idleSince = Date.now();
    inv.resolve(result);
    if (this.dead) this.logs.close();
    else this.onRelease(this);
  }

  private markDead(): void {
    if (this.dead) return;
    this.dead = true;
    this.onDeath(this);
  }

  /** Stops the environment now: every process of the sandbox gets SIGKILL. */
  kill(reason?: 'retired' | 'idle' | 'shutdown' | 'timeout'): void {
    if (reason) this.killedFor ??= reason;
    this.markDead();
    this.process.kill();
    if (!this.process.started) this.cleanup();
  }

  private cleanup(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    this.parked = undefined;
    this.deadline.stop();
    this.api?.close();
    const removed = this.process.release();
    const inv = this.current;
    if (!inv) this.logs.close();
    // A retired or killed environment never leaves a caller waiting.
    if (inv && !inv.done) this.complete(inv, abandonedOutcome(inv.params.requestId));
    removed.then(this.markStopped, (err: Error) => {
      this.template.warn(`lambkin engine: cgroup of environment ${this.id} (${this.fn.functionArn}) not removed: ${err.message}`);
      this.markStopped();
    });
  }
}
