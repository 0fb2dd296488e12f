import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConcurrencyLimiter } from './concurrency.js';
import { platformError, type ThrottleReason } from './errors.js';
import { buildBaseEnvironment } from './env-vars.js';
import { Environment, type EnvironmentTemplate } from './environment.js';
import { LogStore } from './logs/store.js';
import { engineObservers, invokedQualifier, observedFunction, type EngineObserver, type InvocationEnded, type InvocationStarted } from './observer.js';
import { EnvironmentPool } from './pool.js';
import { InitFailure, ProvisionedSet, type ProvisionedState } from './provisioned.js';
import { PythonBytecode } from './python-bytecode.js';
import { preparedRuntimeClient } from './runtime-clients.js';
import { runtimeCacheDir } from './node-builds/cache.js';
import { NodeBuilds } from './node-builds/obtain.js';
import { npmRegistry } from './node-builds/registry.js';
import { missingNodeMajor, resolveRuntime, runtimeStandIns, type ResolveOptions } from './runtimes.js';
import { probeCgroups, type CgroupVersion } from './sandbox/cgroups.js';
import { releaseOrphanedFreezers } from './sandbox/freezer.js';
import { mergedLayers } from './sandbox/layers.js';
import { makeLaunchPlan, probeBwrap, type SandboxKind } from './sandbox/launcher.js';
import { SparePool } from './sandbox/spare.js';
import { Zygotes } from './sandbox/zygotes.js';
import { attachmentOf, zygoteShape } from './zygote-shape.js';
import type { EngineOptions, FunctionSnapshot, InvokeParams, InvokeResult } from './types.js';
import type { ObserverList } from '../observer-list.js';
import { ACCOUNT_CONCURRENCY_LIMIT } from '../quotas.js';

/** How long shutdown waits for its environments' processes to be gone. */
const SHUTDOWN_WAIT_MS = 10_000;

export type { EngineOptions, FunctionSnapshot, InvokeParams, InvokeResult } from './types.js';
export { LogStore } from './logs/store.js';
export type { LogEvent, LogStreamInfo, ReadEventsOptions, StreamedLogEvent } from './logs/store.js';
export type * from './observer.js';
export type { ProvisionedState } from './provisioned.js';

const DEFAULT_KEEP_ALIVE_MS = 5 * 60 * 1000;
/** Pre-started sandboxes kept ready per runtime shape in use (EngineOptions.prestart). */
export const DEFAULT_PRESTART = 1;

/** Which isolation the engine ended up with after probing the host. */
export interface SandboxStatus {
  kind: SandboxKind;
  cgroups?: CgroupVersion;
  warnings: string[];
}

/**
 * Runs function code: picks a warm environment of the function version or starts one, relays the
 * invocation through the environment's Runtime API, and stops environments that are idle, retired or broken.
 */
export class Engine {
  readonly logs: LogStore;
  private readonly options: EngineOptions;
  private readonly limiter: ConcurrencyLimiter;
  private readonly pools = new Map<string, EnvironmentPool>();
  private readonly rerunOnce = new WeakSet<InvokeParams>();
  /** Environments started ahead for provisioned concurrency, by envKey; apart from the pools, so never retired or reaped. */
  private readonly provisioned = new Map<string, ProvisionedSet>();
  /** Pools whose Node runtime runs on a stand-in because its download failed, by envKey: when to try again. */
  private readonly standInUntil = new Map<string, number>();
  private readonly nodeBuilds: NodeBuilds;
  private readonly bytecode: PythonBytecode;
  private closed = false;
  private readonly scratchDir: string;
  private readonly keepAliveMs: number;
  private readonly warn: (message: string) => void;
  private readonly observers: ObserverList<EngineObserver>;
  private status: SandboxStatus = { kind: 'process', warnings: [] };
  private bwrapPath = '';
  private reaper?: NodeJS.Timeout;
  private spares?: SparePool;
  private zygotes?: Zygotes;
  private started = false;
  /** Set once start() has finished: the sandbox kind and the pre-started pools a template names are known. */
  private ready = false;

  constructor(options: EngineOptions) {
    this.options = options;
    this.logs = new LogStore(join(options.dataDir, 'logs'));
    this.scratchDir = join(options.dataDir, 'engine');
    this.bytecode = new PythonBytecode(this.scratchDir);
    this.limiter = new ConcurrencyLimiter(options.accountConcurrencyLimit ?? ACCOUNT_CONCURRENCY_LIMIT);
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    this.warn = options.warn ?? ((m) => console.warn(m));
    this.observers = engineObservers(options.observers ?? [], this.warn);
    this.nodeBuilds = new NodeBuilds(options.runtimeCacheDir ?? runtimeCacheDir(), options.npmRegistry ?? npmRegistry(), (m) => this.warn(`lambkin engine: ${m}`));
  }

  /**
   * Starts the download of the Node a runtime names if this host has none, so that the function's
   * first invoke need not wait for all of it (CreateFunction, a changed runtime).
   */
  prepareRuntime(runtime: string | undefined): void {
    if (!runtime || this.closed) return;
    void this.nodeFor(runtime);
    if (this.status.kind === 'bwrap' && runtime.startsWith('python')) {
      try {
        this.bytecode.warm(resolveRuntime(runtime, this.options.runtimeDir, this.runtimeOptions));
      } catch {
        // Not runnable here: its invokes say so.
      }
    }
  }

  /** Waits for the Node a runtime names to be cached, downloading it if nothing here runs that version. */
  private async nodeFor(runtime: string): Promise<void> {
    const major = missingNodeMajor(runtime, this.runtimeOptions);
    if (major !== undefined) await this.nodeBuilds.obtain(major);
  }

  /** Subscribes to the engine's reports; the returned function unsubscribes. */
  observe(observer: EngineObserver): () => void {
    return this.observers.add(observer);
  }

  get sandbox(): SandboxStatus {
    return this.status;
  }

  /** Probes bwrap and cgroups once; says loudly what isolation is missing. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    mkdirSync(this.scratchDir, { recursive: true });
    mkdirSync(this.logs.dir, { recursive: true });
    const warnings: string[] = [];
    const mode = this.options.sandbox ?? 'auto';
    let kind: SandboxKind = 'process';
    if (mode !== 'process') {
      const bwrap = probeBwrap();
      if (bwrap.path) {
        kind = 'bwrap';
        this.bwrapPath = bwrap.path;
      } else if (mode === 'bwrap') {
        throw new Error(`lambkin engine: sandbox 'bwrap' requested but ${bwrap.problem}`);
      } else {
        warnings.push(
          `WARNING: ${bwrap.problem}. Functions run as plain processes WITHOUT isolation: they can read ` +
            'the data dir, other functions and the host file system.',
        );
      }
    } else {
      warnings.push('WARNING: sandbox disabled (process mode): functions run without isolation.');
    }
    const standIns = runtimeStandIns(this.options.runtimeDir, this.runtimeOptions);
    if (standIns.length > 0) {
      warnings.push(`WARNING: runtimes not installed here run on the nearest installed version (--strict-runtimes refuses them): ${standIns.join(', ')}.`);
    }
    const cgroups = await probeCgroups();
    if (cgroups.version) releaseOrphanedFreezers(cgroups.version);
    if (!cgroups.version) warnings.push(`WARNING: ${cgroups.problem}: functions run without memory or pids limits.`);
    this.status = { kind, cgroups: cgroups.version, warnings };
    if (cgroups.version) {
      this.spares = new SparePool(cgroups.version);
      this.spares.refill();
    }
    const prestart = this.options.prestart ?? DEFAULT_PRESTART;
    if (kind === 'bwrap' && prestart > 0) this.zygotes = new Zygotes(prestart, join(this.scratchDir, 'zygotes'), cgroups.version, this.warn);
    for (const w of warnings) this.warn(`lambkin engine: ${w}`);
    const sweepEvery = Math.max(50, Math.min(this.keepAliveMs / 2, 10_000));
    this.reaper = setInterval(() => this.reapIdle(), sweepEvery);
    this.reaper.unref();
    for (const set of this.provisioned.values()) set.resume();
    this.ready = true;
  }

  /**
   * Builds what a new function version's environments start from (runtime client, merged layers,
   * Python bytecode, the pre-started pool it claims from) ahead of its first invoke, off any request.
   */
  prepareVersion(fn: FunctionSnapshot): void {
    if (!this.ready || this.closed) return;
    // A failure is not cached (poolFor drops the pool) and the first invoke reports it.
    this.poolFor(fn).template.catch(() => {});
  }

  /**
   * Keeps `count` environments of a function version started ahead of invokes, each through its init
   * with AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency, replaced when one dies. `tag` names the
   * ask: a new tag restarts an allocation that failed. Launches wait until the engine has started.
   */
  provision(fn: FunctionSnapshot, count: number, tag: string): void {
    if (this.closed) return;
    let set = this.provisioned.get(fn.envKey);
    if (!set) {
      set = new ProvisionedSet(fn, (f) => this.startAhead(f), this.warn);
      this.provisioned.set(fn.envKey, set);
      if (this.started) set.resume();
    }
    set.resize(count, tag);
  }

  /** Releases a version's provisioned environments (busy ones after their invoke). */
  unprovision(envKey: string): void {
    const set = this.provisioned.get(envKey);
    if (!set) return;
    this.provisioned.delete(envKey);
    set.release();
  }

  provisionedEnvKeys(): string[] {
    return [...this.provisioned.keys()];
  }

  provisionedState(envKey: string): ProvisionedState | undefined {
    return this.provisioned.get(envKey)?.state;
  }

  private async startAhead(fn: FunctionSnapshot): Promise<Environment> {
    const template = await this.poolFor(fn).template;
    if (template.plan.missingBootstrap) throw new InitFailure(template.plan.missingBootstrap);
    const env = new Environment(template, 'provisioned-concurrency');
    env.rerun = this.rerun;
    await env.start();
    this.reportEnvironment(env);
    return env;
  }

  /** Reserved concurrency of a function (unqualified ARN); undefined removes the reservation. */
  setReservedConcurrency(functionArn: string, limit: number | undefined): void {
    this.limiter.setReserved(functionArn, limit);
  }

  /** Invocations in flight for an account, or for one function of it. */
  concurrency(accountId: string, functionArn?: string): number {
    return this.limiter.inFlight(accountId, functionArn);
  }

  async invoke(params: InvokeParams): Promise<InvokeResult> {
    if (!this.started) await this.start();
    const fn = params.fn;
    let release: () => void;
    try {
      release = this.limiter.acquire(fn.accountId, fn.functionArn);
    } catch (err) {
      this.reportThrottle(params, err);
      throw err;
    }
    try {
      return await this.runInPool(params);
    } finally {
      release();
    }
  }

  /**
   * Runs an invoke already admitted by the limiter: on an idle environment of its version, else a new one.
   * `observed` is false for a rerun: the first run's observation reports it, with the rerun's result.
   */
  private async runInPool(params: InvokeParams, observed = true): Promise<InvokeResult> {
    const fn = params.fn;
    const pool = this.poolFor(fn);
    const template = await pool.template;
    if (template.plan.missingBootstrap) {
      const message = `RequestId: ${params.requestId} Error: ${template.plan.missingBootstrap}`;
      return { payload: platformError('Runtime.InvalidEntrypoint', message), functionError: 'Unhandled', durationMs: 0 };
    }
    let env = this.provisioned.get(fn.envKey)?.takeIdle() ?? pool.takeIdle();
    const cold = !env;
    if (!env) {
      env = new Environment(template);
      pool.add(env);
      env.rerun = this.rerun;
      await env.start();
      this.reportEnvironment(env);
    }
    if (!observed || this.observers.empty) return await env.invoke(params);
    return await this.observedInvoke(env, params, cold);
  }

  /**
   * An invoke handed to an environment whose runtime then exited without asking for it (as Node's does
   * after an uncaught exception) runs on another, as on Lambda: it never started, so nothing ran twice.
   * Once per invoke: a second such exit fails it as before.
   */
  private readonly rerun = (params: InvokeParams): Promise<InvokeResult> | undefined => {
    if (this.closed || this.rerunOnce.has(params)) return undefined;
    this.rerunOnce.add(params);
    return this.runInPool(params, false).catch((err: Error) => ({
      payload: platformError('ServiceException', `RequestId: ${params.requestId} Error: ${err.message}`), functionError: 'Unhandled', durationMs: 0,
    }));
  };

  private async observedInvoke(env: Environment, params: InvokeParams, cold: boolean): Promise<InvokeResult> {
    const fn = observedFunction(params.fn);
    const { requestId } = params;
    const environmentId = env.id;
    const qualifier = invokedQualifier(params.fn, params.invokedFunctionArn);
    // Each event is one literal of a fixed shape: a spread, or a field added later, is a slow object to build and read.
    const started: InvocationStarted = qualifier === undefined
      ? { fn, requestId, environmentId, cold }
      : { fn, qualifier, requestId, environmentId, cold };
    this.observers.emit('invocationStarted', started);
    const result = await env.invoke(params);
    if (cold && result.initDurationMs !== undefined) {
      this.observers.emit('coldStart', { fn, requestId, environmentId, initDurationMs: result.initDurationMs });
    }
    const outcome = result.platformStatus === 'timeout' ? 'timeout' : result.functionError ? 'error' : 'success';
    const { durationMs } = result;
    const ended: InvocationEnded = qualifier === undefined
      ? { fn, requestId, environmentId, cold, outcome, durationMs }
      : { fn, qualifier, requestId, environmentId, cold, outcome, durationMs };
    if (result.platformErrorType) ended.errorType = result.platformErrorType;
    if (result.functionErrorType) ended.functionErrorType = result.functionErrorType;
    this.observers.emit('invocationEnded', ended);
    return result;
  }

  private reportThrottle(params: InvokeParams, err: unknown): void {
    if (this.observers.empty) return;
    const reason = (err as { fields?: { Reason?: ThrottleReason } }).fields?.Reason;
    if (!reason) return;
    const qualifier = invokedQualifier(params.fn, params.invokedFunctionArn);
    const fn = observedFunction(params.fn);
    const { requestId } = params;
    this.observers.emit('throttled', qualifier === undefined ? { fn, requestId, reason } : { fn, qualifier, requestId, reason });
  }

  /** Always, even with no observer yet: one that subscribes later sees each down it saw go up. */
  private reportEnvironment(env: Environment): void {
    const fn = observedFunction(env.fn);
    this.observers.emit('environmentUp', { fn, environmentId: env.id });
    void env.stopped.then(() => this.observers.emit('environmentDown', { fn, environmentId: env.id, reason: env.stopReason }));
  }

  /** Stops idle environments of matching function versions now, busy ones after their invocation. */
  retire(match: (fn: FunctionSnapshot) => boolean): void {
    for (const [key, pool] of this.pools) {
      if (!match(pool.fn)) continue;
      this.pools.delete(key);
      pool.retire();
    }
  }

  /** Stops every environment of matching function versions now, busy ones too (a reset), and waits until they are gone. */
  async stopNow(match: (fn: FunctionSnapshot) => boolean): Promise<void> {
    const gone: Promise<void>[] = [];
    for (const [key, set] of this.provisioned) {
      if (!match(set.fn)) continue;
      this.provisioned.delete(key);
      for (const env of set.killAll()) gone.push(env.stopped);
    }
    for (const [key, pool] of this.pools) {
      if (!match(pool.fn)) continue;
      this.pools.delete(key);
      for (const env of pool.all) gone.push(env.stopped);
      pool.killAll();
    }
    await Promise.all(gone);
  }

  async shutdown(): Promise<void> {
    if (this.reaper) clearInterval(this.reaper);
    this.closed = true;
    this.spares?.close();
    this.zygotes?.close();
    this.bytecode.close();
    const provisioned = [...this.provisioned.values()].flatMap((set) => set.killAll());
    this.provisioned.clear();
    const pools = [...this.pools.values()];
    this.pools.clear();
    const stopping = [...provisioned, ...pools.flatMap((pool) => [...pool.all])];
    for (const pool of pools) pool.killAll();
    // A stop that never completes must not hold the server's exit: wait a while, then say which.
    const left = new Set(stopping);
    for (const env of stopping) void env.stopped.then(() => left.delete(env));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => { timer = setTimeout(resolve, SHUTDOWN_WAIT_MS); });
    await Promise.race([Promise.all(stopping.map((env) => env.stopped)), timedOut]);
    clearTimeout(timer);
    if (left.size > 0) {
      console.error(`lambkin engine: ${left.size} environment(s) still stopping after ${SHUTDOWN_WAIT_MS} ms at shutdown: ${[...left].map((e) => e.id).join(' ')}`);
    }
    // Log lines wait in memory for their batch: a clean stop writes every one of them.
    await this.logs.flush();
  }

  private get runtimeOptions(): ResolveOptions {
    return { overrides: this.options.runtimeExecutables, strict: this.options.strictRuntimes ?? false, nodeBuilds: this.nodeBuilds };
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.keepAliveMs;
    for (const pool of this.pools.values()) pool.reapIdle(cutoff);
  }

  private poolFor(fn: FunctionSnapshot): EnvironmentPool {
    let pool = this.pools.get(fn.envKey);
    const retryAt = this.standInUntil.get(fn.envKey);
    if (pool && retryAt !== undefined && Date.now() >= retryAt) {
      // Time to try the download again: a new pool resolves the runtime afresh; the stand-ins retire.
      this.standInUntil.delete(fn.envKey);
      this.pools.delete(fn.envKey);
      pool.retire();
      pool = undefined;
    }
    if (!pool) {
      const template = this.makeTemplate(fn);
      pool = new EnvironmentPool(fn, template);
      this.pools.set(fn.envKey, pool);
      const created = pool;
      // A runtime this host cannot run is not cached: installing the interpreter fixes it on the next invoke.
      template.catch(() => {
        if (this.pools.get(fn.envKey) === created) this.pools.delete(fn.envKey);
      });
    }
    return pool;
  }

  private async makeTemplate(fn: FunctionSnapshot): Promise<EnvironmentTemplate> {
    const runtime = fn.runtime ?? 'provided.al2023';
    await this.nodeFor(runtime);
    const resolved = resolveRuntime(runtime, this.options.runtimeDir, this.runtimeOptions);
    const failed = resolved.standIn && resolved.family === 'node' ? this.nodeBuilds.failure(Number(resolved.languageVersion)) : undefined;
    if (failed) this.standInUntil.set(fn.envKey, failed.retryAt);
    else this.standInUntil.delete(fn.envKey);
    const sandboxed = this.status.kind === 'bwrap';
    const bytecodeDir = sandboxed ? this.bytecode.forCode(resolved, fn.codeDir, fn.liveCode === true) : undefined;
    const [spec, optHost] = await Promise.all([
      preparedRuntimeClient(resolved, this.scratchDir, sandboxed, this.warn),
      mergedLayers(fn.layerDirs, this.scratchDir, fn.liveCode),
    ]);
    const plan = makeLaunchPlan(this.status.kind, this.bwrapPath, fn, spec, optHost, bytecodeDir);
    const credentials = this.options.credentialsFor(fn.accountId);
    const baseEnv = buildBaseEnvironment(fn, spec, plan.paths, credentials, this.options.lambkinEndpoint);
    const shape = this.zygotes && !fn.liveCode && zygoteShape(fn, spec, this.bwrapPath, baseEnv);
    const attachment = shape && (await attachmentOf(fn, optHost));
    const zygotes = attachment ? this.zygotes?.pool(shape) : undefined;
    return {
      fn,
      plan,
      baseEnv,
      logs: this.logs,
      cgroupVersion: this.status.cgroups,
      spares: this.spares,
      ...(zygotes && attachment ? { zygotes, attachment } : {}),
      warn: this.warn,
    };
  }
}

