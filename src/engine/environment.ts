import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { constants as osConstants } from 'node:os';
import { MAX_RESPONSE_BYTES, exitText, platformError, responseTooLarge } from './errors.js';
import { deadlineTimer } from './deadline.js';
import { withEnvironment } from './env-vars.js';
import { endLine, logStreamName, reportLine, startLine, timeoutLine, timeoutText } from './logs/platform.js';
import type { LogStore, LogStreamWriter } from './logs/store.js';
import { MemoryMeter } from './memory.js';
import {
  readBody,
  replyAccepted,
  replyError,
  replyInvalidState,
  startRuntimeApi,
  type RuntimeApiHandler,
  type RuntimeApiServer,
} from './runtime-api.js';
import { createCgroup, type Cgroup, type CgroupVersion } from './sandbox/cgroups.js';
import { launch, type LaunchPlan } from './sandbox/launcher.js';
import { connectionFrom, processTree } from './sandbox/peers.js';
import type { SparePool } from './sandbox/spare.js';
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
  warn(message: string): void;
}

interface Invocation {
  params: InvokeParams;
  resolve(result: InvokeResult): void;
  delivered: boolean;
  done: boolean;
  startedAt: number;
  timer?: NodeJS.Timeout;
  /** This invocation's log text, kept only when the caller wants the tail. */
  tail?: string[];
}

interface Outcome {
  payload: Buffer;
  functionError?: 'Unhandled';
  streamed?: InvokeResult['streamed'];
  contentType?: string;
  /** Ended by the platform: REPORT carries Status (and Error Type). */
  status?: 'timeout' | 'error';
  errorType?: string;
}

/** Lambda gives init this long on its own before the invoke's timeout starts counting. */
const INIT_GRACE_MS = 10_000;
/** CloudWatch splits longer lines into several events. */
const MAX_LINE = 256 * 1024;
const TAIL_BYTES = 4096;

/**
 * One execution environment: a runtime process in its sandbox, its Runtime API, its log stream.
 * Runs one invocation at a time; the pool decides which environment gets which invoke.
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
  /** Resolves once the process is gone and the environment's resources are released. */
  readonly stopped: Promise<void>;
  private markStopped!: () => void;

  private readonly template: EnvironmentTemplate;
  private readonly log: LogStreamWriter;
  private api?: RuntimeApiServer;
  private child?: ChildProcess;
  private cgroup?: Cgroup;
  private memoryMeter?: MemoryMeter;
  private parked?: ServerResponse;
  private current?: Invocation;
  private spawnedAt = 0;
  private initialized = false;
  private initDurationMs?: number;
  private initTimer?: NodeJS.Timeout;
  private partial = { stdout: '', stderr: '' };
  private killedFor?: 'timeout' | 'init-error' | 'retired';

  constructor(template: EnvironmentTemplate) {
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
    this.template = template;
    this.fn = template.fn;
    this.streamName = logStreamName(this.fn.version, this.id);
    this.log = template.logs.openStream(this.fn.accountId, this.fn.region, this.fn.logGroup, this.streamName);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Starts the Runtime API and the runtime process; init continues in the background. */
  async start(): Promise<void> {
    this.api = await startRuntimeApi(this, (socket) => this.ownsConnection(socket));
    const env = withEnvironment(this.template.baseEnv, `127.0.0.1:${this.api.port}`, this.streamName);
    this.spawnedAt = performance.now();
    const child = this.launchInSpare(env) ?? this.launchFresh(env);
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.output('stdout', chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.output('stderr', chunk));
    child.on('error', (err) => {
      this.writeLog(`Error: ${err.message}\n`);
      this.exited(127, null);
    });
    child.on('exit', (code, signal) => this.exited(code, signal));
  }

  private launchInSpare(env: Record<string, string>): ChildProcess | undefined {
    const spare = this.template.spares?.take();
    if (!spare) return undefined;
    try {
      const child = spare.launch(this.template.plan, env, this.fn.memorySize, this.id);
      this.cgroup = spare.cgroup;
      return child;
    } catch {
      spare.discard();
      return undefined;
    }
  }

  private launchFresh(env: Record<string, string>): ChildProcess {
    if (this.template.cgroupVersion) {
      try {
        this.cgroup = createCgroup(this.template.cgroupVersion, this.id, this.fn.memorySize);
      } catch (err) {
        this.template.warn(`lambkin engine: no memory limit for this environment: ${(err as Error).message}`);
      }
    }
    return launch(this.template.plan, env, this.cgroup);
  }

  /**
   * Whether a Runtime API connection was opened by this environment's own processes: those of its cgroup
   * (which holds everything the runtime starts), or the launched process and its descendants without one.
   */
  private ownsConnection(socket: Socket): boolean {
    const root = this.child?.pid;
    if (root === undefined || this.dead) return false;
    return connectionFrom(socket, () => {
      const members = this.cgroup?.pids();
      return members && members.length > 0 ? members : processTree(root);
    });
  }

  /** Runs one invocation; the environment must be idle. */
  invoke(params: InvokeParams): Promise<InvokeResult> {
    return new Promise((resolve) => {
      const inv: Invocation = { params, resolve, delivered: false, done: false, startedAt: 0 };
      if (params.tailLogs) inv.tail = [];
      this.current = inv;
      if (!this.initialized) {
        if (this.template.plan.coldStartLog) this.writeLog(this.template.plan.coldStartLog, inv);
        const limit = INIT_GRACE_MS + this.fn.timeout * 1000;
        this.initTimer = setTimeout(() => this.timedOut(inv), limit);
      }
      if (this.parked) this.deliver(inv);
    });
  }

  // ---- Runtime API ----

  next(req: IncomingMessage, res: ServerResponse): void {
    const inv = this.current;
    if (inv?.delivered && !inv.done) {
      return replyInvalidState(res, `State transition from Running to Ready failed: invocation ${inv.params.requestId} has no response yet`);
    }
    if (!this.initialized) {
      this.initialized = true;
      this.initDurationMs = performance.now() - this.spawnedAt;
      // The runtime is loaded: a figure for the REPORT line even if it dies before it can be read again.
      this.meter().sample();
    }
    this.parked = res;
    // On the response, not the keep-alive socket: a socket listener would pile up one per invoke.
    res.once('close', () => {
      if (this.parked === res) this.parked = undefined;
    });
    if (inv && !inv.delivered) this.deliver(inv);
  }

  response(requestId: string, req: IncomingMessage, res: ServerResponse): void {
    const inv = this.acceptResult(requestId, req, res);
    if (!inv) return;
    if (req.headers['lambda-runtime-function-response-mode'] === 'streaming') return this.streamResponse(inv, req, res);
    const declared = Number(req.headers['content-length']);
    const contentType = req.headers['content-type'];
    readBody(req, MAX_RESPONSE_BYTES).then(({ body, size }) => {
      if (inv.done) return replyInvalidState(res, 'The invocation already ended');
      if (size > MAX_RESPONSE_BYTES || declared > MAX_RESPONSE_BYTES) {
        replyError(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
        return this.complete(inv, { payload: responseTooLarge(), functionError: 'Unhandled', errorType: 'Function.ResponseSizeTooLarge' });
      }
      replyAccepted(res);
      this.complete(inv, { payload: body, contentType });
    }, () => undefined);
  }

  error(requestId: string, req: IncomingMessage, res: ServerResponse): void {
    const inv = this.acceptResult(requestId, req, res);
    if (!inv) return;
    const headerType = req.headers['lambda-runtime-function-error-type'];
    readBody(req, MAX_RESPONSE_BYTES).then(({ body }) => {
      if (inv.done) return replyInvalidState(res, 'The invocation already ended');
      replyAccepted(res);
      const payload = body.length > 0 ? body : platformError(String(headerType ?? 'Runtime.Unknown'), 'Unknown application error occurred');
      this.complete(inv, { payload, functionError: 'Unhandled' });
    }, () => undefined);
  }

  initError(req: IncomingMessage, res: ServerResponse): void {
    const headerType = req.headers['lambda-runtime-function-error-type'];
    readBody(req, MAX_RESPONSE_BYTES).then(({ body }) => {
      if (this.initialized) return replyInvalidState(res, 'State transition from Ready to InitError failed: init already ended');
      replyAccepted(res);
      let errorType = typeof headerType === 'string' && headerType ? headerType : 'Runtime.Unknown';
      let payload = body;
      try {
        const parsed = JSON.parse(body.toString()) as { errorType?: unknown };
        if (typeof parsed.errorType === 'string' && parsed.errorType) errorType = parsed.errorType;
      } catch {
        payload = platformError(errorType, body.toString() || 'Unknown application error occurred');
      }
      this.killedFor = 'init-error';
      this.kill();
      const inv = this.current;
      // The init output already logged belongs before START, as on Lambda.
      if (inv && !inv.done && !inv.delivered) this.writeLog(startLine(this.fn.logFormat, inv.params.requestId, this.fn.version), inv);
      if (inv && !inv.done) this.complete(inv, { payload, functionError: 'Unhandled', status: 'error', errorType });
    }, () => undefined);
  }

  // ---- internals ----

  private acceptResult(requestId: string, req: IncomingMessage, res: ServerResponse): Invocation | undefined {
    const inv = this.current;
    if (!inv || !inv.delivered || inv.done || inv.params.requestId !== requestId) {
      req.resume();
      replyInvalidState(res, `Invalid request ID or state for ${requestId}`);
      return undefined;
    }
    return inv;
  }

  private streamResponse(inv: Invocation, req: IncomingMessage, res: ServerResponse): void {
    const sink = inv.params.onStreamChunk;
    const collected: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (inv.done) return;
      if (sink) sink(chunk);
      else collected.push(chunk);
    });
    req.on('end', () => {
      if (inv.done) return replyInvalidState(res, 'The invocation already ended');
      replyAccepted(res);
      const errorCode = req.trailers['lambda-runtime-function-error-type'];
      const errorBody = req.trailers['lambda-runtime-function-error-body'];
      const streamed: InvokeResult['streamed'] = {};
      if (errorCode) streamed.errorCode = errorCode;
      if (errorBody) streamed.errorDetails = Buffer.from(errorBody, 'base64').toString();
      this.complete(inv, {
        payload: Buffer.concat(collected),
        streamed,
        contentType: req.headers['content-type'],
        functionError: errorCode ? 'Unhandled' : undefined,
      });
    });
  }

  private deliver(inv: Invocation): void {
    const res = this.parked!;
    this.parked = undefined;
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    const { params, fn } = { params: inv.params, fn: this.fn };
    inv.delivered = true;
    inv.startedAt = performance.now();
    this.writeLog(startLine(fn.logFormat, params.requestId, fn.version), inv);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': params.payload.length,
      'Lambda-Runtime-Aws-Request-Id': params.requestId,
      'Lambda-Runtime-Deadline-Ms': Date.now() + fn.timeout * 1000,
      'Lambda-Runtime-Invoked-Function-Arn': params.invokedFunctionArn ?? fn.functionArn,
      'Lambda-Runtime-Trace-Id': params.traceId ?? newTraceId(),
    };
    if (params.clientContext) headers['Lambda-Runtime-Client-Context'] = params.clientContext;
    if (params.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = params.cognitoIdentity;
    res.writeHead(200, headers).end(params.payload);
    inv.timer = deadlineTimer(inv.startedAt, fn.timeout * 1000, () => this.timedOut(inv));
  }

  private timedOut(inv: Invocation): void {
    if (inv.done) return;
    const id = inv.params.requestId;
    if (!inv.delivered) this.writeLog(startLine(this.fn.logFormat, id, this.fn.version), inv);
    this.writeLog(timeoutLine(id, this.fn.timeout), inv);
    this.killedFor = 'timeout';
    this.kill();
    const message = `RequestId: ${id} Error: ${timeoutText(this.fn.timeout)}`;
    this.complete(inv, {
      payload: platformError('Sandbox.Timedout', message),
      functionError: 'Unhandled',
      status: 'timeout',
    });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.dead && !this.child) return;
    const wasKilled = this.killedFor;
    this.markDead();
    const inv = this.current;
    if (inv && !inv.done && !wasKilled) {
      if (this.template.plan.kind === 'bwrap' && code !== null && code > 128) {
        // bwrap reports a sandboxed process killed by signal N as exit status 128+N.
        signal = signalName(code - 128) ?? signal;
        if (signal) code = null;
      }
      const oom = (this.cgroup?.oomKills() ?? 0) > 0;
      const errorType = oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
      const why = exitText(code, signal);
      const id = inv.params.requestId;
      const message = why
        ? `RequestId: ${id} Error: Runtime exited with error: ${why}`
        : `RequestId: ${id} Error: Runtime exited without providing a reason`;
      if (!inv.delivered) this.writeLog(startLine(this.fn.logFormat, id, this.fn.version), inv);
      this.writeLog(`${message}\n${errorType}\n`, inv);
      this.complete(inv, { payload: platformError(errorType, message), functionError: 'Unhandled', status: 'error', errorType });
    }
    this.cleanup();
  }

  private complete(inv: Invocation, outcome: Outcome): void {
    inv.done = true;
    if (inv.timer) clearTimeout(inv.timer);
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    const durationMs = inv.delivered ? performance.now() - inv.startedAt : 0;
    // Read now: after a crash the cgroup holding the figure is removed before the REPORT line is written.
    const maxMemoryUsedMb = this.maxMemoryUsedMb();
    // Output the runtime wrote just before answering may still sit in the pipe: let it be read first.
    setImmediate(() => this.finish(inv, outcome, durationMs, maxMemoryUsedMb));
  }

  private finish(inv: Invocation, outcome: Outcome, durationMs: number, maxMemoryUsedMb: number): void {
    this.flushPartial();
    const fn = this.fn;
    const id = inv.params.requestId;
    const initDurationMs = this.initDurationMs;
    this.initDurationMs = undefined;
    this.writeLog(endLine(fn.logFormat, id, outcome.status ?? (outcome.functionError ? 'error' : 'success')), inv);
    this.writeLog(
      reportLine(fn.logFormat, {
        requestId: id,
        durationMs,
        memorySizeMb: fn.memorySize,
        maxMemoryUsedMb,
        initDurationMs,
        status: outcome.status,
        errorType: outcome.status === 'error' ? outcome.errorType : undefined,
      }),
      inv,
    );
    const result: InvokeResult = { payload: outcome.payload, durationMs };
    if (outcome.functionError) result.functionError = outcome.functionError;
    if (outcome.streamed) result.streamed = outcome.streamed;
    if (outcome.contentType) result.contentType = outcome.contentType;
    if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
    if (inv.tail) result.logTail = lastBytes(inv.tail.join(''), TAIL_BYTES);
    if (this.current === inv) this.current = undefined;
    this.idleSince = Date.now();
    inv.resolve(result);
    if (this.dead) this.log.close();
    else this.onRelease(this);
  }

  private meter(): MemoryMeter {
    return (this.memoryMeter ??= new MemoryMeter(this.fn.memorySize, () => this.child?.pid, () => this.cgroup));
  }

  private maxMemoryUsedMb(): number {
    return this.meter().peakMb();
  }

  private output(which: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = this.partial[which] + chunk.toString();
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.writeLog(text.slice(start, nl + 1), this.current);
      start = nl + 1;
    }
    let rest = text.slice(start);
    while (rest.length > MAX_LINE) {
      this.writeLog(rest.slice(0, MAX_LINE), this.current);
      rest = rest.slice(MAX_LINE);
    }
    this.partial[which] = rest;
  }

  private flushPartial(): void {
    for (const which of ['stdout', 'stderr'] as const) {
      if (this.partial[which]) this.writeLog(`${this.partial[which]}\n`, this.current);
      this.partial[which] = '';
    }
  }

  private writeLog(message: string, inv?: Invocation): void {
    this.log.write(message);
    inv?.tail?.push(message);
  }

  private markDead(): void {
    if (this.dead) return;
    this.dead = true;
    this.onDeath(this);
  }

  /** Stops the environment now: every process of the sandbox gets SIGKILL. */
  kill(reason?: 'retired'): void {
    if (reason) this.killedFor = reason;
    this.markDead();
    // A killed process has no status left to read: keep its figure for the REPORT line still to come.
    this.meter().sample();
    const child = this.child;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    this.cgroup?.killAll();
    if (!child) this.cleanup();
  }

  private cleanup(): void {
    this.memoryMeter?.close();
    this.child = undefined;
    this.parked = undefined;
    this.api?.close();
    const removed = this.cgroup?.remove();
    const inv = this.current;
    if (!inv) this.log.close();
    // A retired or killed environment never leaves a caller waiting.
    if (inv && !inv.done) {
      this.complete(inv, {
        payload: platformError('Runtime.ExitError', `RequestId: ${inv.params.requestId} Error: Runtime exited without providing a reason`),
        functionError: 'Unhandled',
        status: 'error',
        errorType: 'Runtime.ExitError',
      });
    }
    if (removed) void removed.then(this.markStopped);
    else this.markStopped();
  }
}

function signalName(n: number): NodeJS.Signals | undefined {
  for (const [name, value] of Object.entries(osConstants.signals)) if (value === n) return name as NodeJS.Signals;
  return undefined;
}

function newTraceId(): string {
  const bytes = randomBytes(20).toString('hex');
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${bytes.slice(0, 24)};Parent=${bytes.slice(24, 40)};Sampled=0`;
}

function lastBytes(text: string, limit: number): string {
  const buf = Buffer.from(text);
  return (buf.length > limit ? buf.subarray(buf.length - limit) : buf).toString('base64');
}
