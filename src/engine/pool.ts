import type { Environment, EnvironmentTemplate } from './environment.js';
import type { FunctionSnapshot } from './types.js';

/** The environments of one function version (one envKey): idle ones wait here to be reused. */
export class EnvironmentPool {
  readonly all = new Set<Environment>();
  /** Most recently used last: reuse the warmest first, reap the coldest. */
  readonly idle: Environment[] = [];
  retired = false;

  constructor(
    readonly fn: FunctionSnapshot,
    readonly template: Promise<EnvironmentTemplate>,
  ) {}

  takeIdle(): Environment | undefined {
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      if (!env.dead) return env;
    }
    return undefined;
  }

  add(env: Environment): void {
    this.all.add(env);
    env.onRelease = (e) => {
      if (this.retired) e.kill('retired');
      else this.idle.push(e);
    };
    env.onDeath = (e) => {
      this.all.delete(e);
      const at = this.idle.indexOf(e);
      if (at !== -1) this.idle.splice(at, 1);
    };
  }

  /** Stops idle environments now; busy ones stop when their invocation ends. */
  retire(): void {
    this.retired = true;
    for (const env of this.idle.splice(0)) env.kill('retired');
  }

  reapIdle(olderThan: number): void {
    for (const env of [...this.idle]) {
      if (env.idleSince <= olderThan) env.kill('idle');
    }
  }

  killAll(): void {
    this.retired = true;
    for (const env of [...this.all]) env.kill('shutdown');
  }
}
