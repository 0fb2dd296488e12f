import type { ThrottleReason } from './errors.js';
import type { FunctionSnapshot } from './types.js';
import { ObserverList } from '../observer-list.js';

/**
 * What the engine reports as it runs functions. Metrics and the console subscribe to it; the engine
 * never reaches into them. Every method is optional, and each is called synchronously on the invoke
 * path: an observer that has work to do queues it and returns. An invoke that never reaches an
 * environment (throttled, or a `provided` function without a bootstrap) has no invocation events.
 */
export interface EngineObserver {
  /** An environment has the invocation (a started one when `cold`). */
  invocationStarted?(event: InvocationStarted): void;
  invocationEnded?(event: InvocationEnded): void;
  /** A new environment finished init (its runtime asked for the first event). */
  coldStart?(event: ColdStart): void;
  /** An invoke refused for concurrency: it never reached an environment. */
  throttled?(event: Throttled): void;
  environmentUp?(event: EnvironmentUp): void;
  /** The environment's processes are gone and its resources released. */
  environmentDown?(event: EnvironmentDown): void;
}

/** The function version an event is about. */
export interface ObservedFunction {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  /** Unqualified ARN. */
  readonly functionArn: string;
  readonly version: string;
}

export interface InvocationStarted {
  fn: ObservedFunction;
  /** The alias or version the caller named (`live`, `3`); unset for an unqualified invoke. */
  qualifier?: string;
  requestId: string;
  environmentId: string;
  cold: boolean;
}

export type InvocationOutcome = 'success' | 'error' | 'timeout';

export interface InvocationEnded extends InvocationStarted {
  outcome: InvocationOutcome;
  /** Set when the platform ended it (e.g. Runtime.ExitError, Runtime.OutOfMemory, Sandbox.Timedout). */
  errorType?: string;
  /** Set when the function's code failed and its runtime named the error's type (e.g. Error, TypeError). */
  functionErrorType?: string;
  durationMs: number;
}

export interface ColdStart {
  fn: ObservedFunction;
  requestId: string;
  environmentId: string;
  initDurationMs: number;
}

export interface Throttled {
  fn: ObservedFunction;
  /** As for InvocationStarted. */
  qualifier?: string;
  requestId: string;
  reason: ThrottleReason;
}

export interface EnvironmentUp {
  fn: ObservedFunction;
  environmentId: string;
}

/** Why an environment stopped. */
export type StopReason = 'idle' | 'retired' | 'shutdown' | 'timeout' | 'init-error' | 'exited';

export interface EnvironmentDown extends EnvironmentUp {
  reason: StopReason;
}

/** The engine's subscribers; one that throws is reported once and never breaks an invoke. */
export function engineObservers(initial: readonly EngineObserver[], warn: (message: string) => void): ObserverList<EngineObserver> {
  return new ObserverList(initial, (kind, err) => {
    warn(`lambkin engine: an engine observer failed on ${kind} (later failures of it are not logged): ${(err as Error).stack ?? err}`);
  });
}

/** The qualifier of the ARN the caller invoked, when it is qualified. */
export function invokedQualifier(fn: FunctionSnapshot, invokedFunctionArn: string | undefined): string | undefined {
  if (invokedFunctionArn === undefined || invokedFunctionArn.length <= fn.functionArn.length) return undefined;
  return invokedFunctionArn.slice(fn.functionArn.length + 1);
}

/** One per snapshot, so observers can keep what they derive from a function version by its identity. */
const observedOf = new WeakMap<FunctionSnapshot, ObservedFunction>();

export function observedFunction(fn: FunctionSnapshot): ObservedFunction {
  let observed = observedOf.get(fn);
  if (!observed) {
    observed = Object.freeze({ accountId: fn.accountId, region: fn.region, functionName: fn.functionName, functionArn: fn.functionArn, version: fn.version });
    observedOf.set(fn, observed);
  }
  return observed;
}
