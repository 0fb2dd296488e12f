import type { Environment } from './environment.js';
import type { FunctionSnapshot } from './types.js';

/** AWS tries a provisioned environment's init this many times before the config is FAILED. */
const INIT_ATTEMPTS = 6;
/** Pause before the first retry of a failed init; doubled each time, up to the cap. */
const RETRY_FIRST_MS = 100;
const RETRY_CAP_MS = 30_000;
/** A provisioned init may run 130 s or the function's timeout, whichever is longer (not on-demand's 10 s). */
const INIT_LIMIT_MS = 130_000;
/** Inits under way at once per set: a config of hundreds must not start hundreds of runtimes together. */
const STARTS_AT_ONCE = 4;

/** AWS's StatusReason for an allocation whose init fails. */
export const INIT_FAILURE_REASON = 'FUNCTION_ERROR_INIT_FAILURE';

export interface ProvisionedState {
  /** Who asked for this count (the configs' store positions): a new ask restarts a failed allocation. */
  tag: string;
  requested: number;
  /** Environments whose init is done and that are alive (busy or idle). */
  ready: number;
  status: 'IN_PROGRESS' | 'READY' | 'FAILED';
  statusReason?: string;
}

/**
 * The environments of one function version started ahead of invokes for provisioned concurrency: each
 * runs the function's init before any invoke, stays until released (never reaped as idle), and is
 * replaced when it dies. Invokes take its idle environments before any on-demand one.
 */
export class ProvisionedSet {
  private readonly members = new Set<Environment>();
  private readonly idle: Environment[] = [];
  private starting = 0;
  private requested = 0;
  private tag = '';
  private failures = 0;
  private failed = false;
  /** Once the requested count was reached, a replacement under way does not make it IN_PROGRESS again. */
  private reached = false;
  private released = false;
  private paused = true;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly launch: (fn: FunctionSnapshot) => Promise<Environment>,
    private readonly warn: (message: string) => void,
  ) {}

  get state(): ProvisionedState {
    const ready = this.failed ? 0 : this.readyCount();
    const status = this.failed ? 'FAILED' : this.reached ? 'READY' : 'IN_PROGRESS';
    return {
      tag: this.tag, requested: this.requested, ready: Math.min(ready, this.requested), status,
      ...(this.failed ? { statusReason: INIT_FAILURE_REASON } : {}),
    };
  }

  /** Sets the count; raising it starts more, lowering it stops the surplus (busy ones after their invoke). */
  resize(count: number, tag: string): void {
    if (tag !== this.tag && this.failed) {
      this.failed = false;
      this.failures = 0;
    }
    this.tag = tag;
    if (count > this.requested) this.reached = false;
    this.requested = count;
    for (const env of [...this.members]) {
      if (this.members.size <= count) break;
      if (!env.initDone || this.idle.includes(env)) this.stop(env);
    }
    this.checkReached();
    this.fill();
  }

  /** Starts launching (the engine holds launches back until it has started). */
  resume(): void {
    this.paused = false;
    this.fill();
  }

  takeIdle(): Environment | undefined {
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      if (!env.dead) return env;
    }
    return undefined;
  }

  /** Stops every environment: idle and starting ones now, busy ones once their invoke ends. */
  release(): void {
    this.released = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const env of [...this.members]) if (!env.busy) this.stop(env);
  }

  /** Stops every environment now, busy ones too; returns them (each resolves `stopped` once gone). */
  killAll(): Environment[] {
    this.released = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const members = [...this.members];
    for (const env of members) env.kill('shutdown');
    return members;
  }

  private readyCount(): number {
    let ready = 0;
    for (const env of this.members) if (env.initDone && !env.dead) ready++;
    return ready;
  }

  private checkReached(): void {
    if (!this.failed && this.readyCount() >= this.requested) this.reached = true;
  }

  private get surplus(): boolean {
    return this.released || this.members.size > this.requested;
  }

  private stop(env: Environment): void {
    this.members.delete(env);
    const at = this.idle.indexOf(env);
    if (at !== -1) this.idle.splice(at, 1);
    env.kill('retired');
  }

  private fill(): void {
    if (this.paused || this.released || this.failed || this.retryTimer) return;
    while (this.members.size + this.starting < this.requested && this.starting < STARTS_AT_ONCE) this.startOne();
  }

  private startOne(): void {
    this.starting++;
    this.launch(this.fn).then(
      (env) => {
        this.starting--;
        this.adopt(env);
      },
      (err: unknown) => {
        this.starting--;
        if (!(err instanceof InitFailure)) this.warn(`lambkin engine: provisioned environment of ${this.fn.functionArn}:${this.fn.version} not started: ${(err as Error).message}`);
        this.initFailed();
      },
    );
  }

  private adopt(env: Environment): void {
    if (this.released || this.failed || this.members.size >= this.requested) {
      env.kill('retired');
      return;
    }
    this.members.add(env);
    const limitMs = Math.max(INIT_LIMIT_MS, this.fn.timeout * 1000);
    const initLimit = setTimeout(() => env.kill('timeout'), limitMs);
    env.onInitialized = (e) => {
      clearTimeout(initLimit);
      this.failures = 0;
      if (this.surplus) return this.stop(e);
      this.idle.push(e);
      this.checkReached();
    };
    env.onRelease = (e) => {
      if (this.surplus) this.stop(e);
      else this.idle.push(e);
    };
    env.onDeath = (e) => {
      clearTimeout(initLimit);
      const member = this.members.delete(e);
      const at = this.idle.indexOf(e);
      if (at !== -1) this.idle.splice(at, 1);
      if (!member || this.released) return;
      if (!e.initDone) this.initFailed();
      else this.fill();
    };
  }

  /** An init that failed is tried again after a pause; before the count was ever reached, AWS gives up after six. */
  private initFailed(): void {
    if (this.released || this.failed) return;
    this.failures++;
    if (!this.reached && this.failures >= INIT_ATTEMPTS) {
      this.failed = true;
      for (const env of [...this.members]) this.stop(env);
      return;
    }
    if (this.retryTimer) return;
    const pause = Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.fill();
    }, pause);
    this.retryTimer.unref();
  }
}

/** A launch that failed because the function cannot init at all (e.g. a `provided` function without bootstrap). */
export class InitFailure extends Error {}
