/**
 * What each execution environment is doing, kept from the engine's reports (never read from the engine
 * itself): an environment is idle from the moment it is up, busy while it holds an invocation.
 */
import type { EngineObserver, ObservedFunction } from '../engine/observer.js';

export type EnvironmentActivity = 'idle' | 'busy';

export interface EnvironmentView {
  environmentId: string;
  accountId: string;
  region: string;
  functionName: string;
  version: string;
  state: EnvironmentActivity;
  /** When it came up, and when it last started or finished an invocation (ISO times). */
  upSince: string;
  lastChange: string;
}

interface Tracked { fn: ObservedFunction; state: EnvironmentActivity; upSince: number; lastChange: number }

export class EnvironmentTracker {
  private readonly environments = new Map<string, Tracked>();

  /** Subscribes to an engine; the returned function unsubscribes. */
  attach(engine: { observe(observer: EngineObserver): () => void }): () => void {
    return engine.observe({
      environmentUp: ({ fn, environmentId }) => {
        const now = Date.now();
        this.environments.set(environmentId, { fn, state: 'idle', upSince: now, lastChange: now });
      },
      invocationStarted: ({ environmentId }) => this.mark(environmentId, 'busy'),
      invocationEnded: ({ environmentId }) => this.mark(environmentId, 'idle'),
      environmentDown: ({ environmentId }) => { this.environments.delete(environmentId); },
    });
  }

  private mark(environmentId: string, state: EnvironmentActivity): void {
    const env = this.environments.get(environmentId);
    if (!env) return;
    env.state = state;
    env.lastChange = Date.now();
  }

  /** The environments that are up, of one account or all, oldest first. */
  list(accountId?: string): EnvironmentView[] {
    const views: EnvironmentView[] = [];
    for (const [environmentId, env] of this.environments) {
      if (accountId !== undefined && env.fn.accountId !== accountId) continue;
      views.push({
        environmentId, accountId: env.fn.accountId, region: env.fn.region, functionName: env.fn.functionName,
        version: env.fn.version, state: env.state,
        upSince: new Date(env.upSince).toISOString(), lastChange: new Date(env.lastChange).toISOString(),
      });
    }
    return views;
  }
}
