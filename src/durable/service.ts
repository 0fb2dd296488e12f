/**
 * The durable execution service: what AWS runs beside a durable function. It keeps each execution's
 * checkpoint log in the store, invokes the function to replay it, ends waits and retry delays on time,
 * resumes on callbacks and chained invokes, and ends the execution when the function answers, when it
 * is stopped or when its timeout passes. Every change is one committed batch, so a restart resumes
 * from the store: a completed step is never run again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ErrorObject, Event, ExecutionStatus } from '../model/types.generated.js';
import type { MetadataStore, Scope, WriteOp } from '../store/types.js';
import type { InvokeDeps } from '../control/invoke/run.js';
import { resolveInvoke, runResolved } from '../control/invoke/run.js';
import { LambdaError } from '../errors/base.js';
import { DurableExecutionAlreadyStartedException } from '../errors/catalogue.js';
import {
  EVENT_KIND, EXECUTION_KIND, EXECUTION_NAME_KIND, OPERATION_KIND, TERMINAL, eventKey, executionNameKey, operationKey,
  type ExecutionDoc, type ExecutionNameDoc, type OperationDoc, type ParentLink,
} from './records.js';
import { executionArn, executionKey } from './arn.js';
import { errorOf, newEvent, payloadOf } from './history.js';
import { applyDue, markDirty, nextDue } from './due.js';
import { commitState, loadExecution, type LoadedExecution } from './store-io.js';
import { invocationEvent, outcomeOf, type InvocationOutcome } from './invocation.js';
import { ExecutionTimers } from './timers.js';
import { removeExecutionWrites } from './expiry.js';

export const DEFAULT_RETENTION_DAYS = 14;
/** Invocations in a row that may end in an error before the execution fails with it. */
const MAX_FAILED_INVOCATIONS = 5;
/** Growing delays before each retry of a failed invocation. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StartRequest {
  scope: Scope;
  functionName: string;
  /** `$LATEST` or a version number. */
  version: string;
  input: string;
  executionTimeout: number;
  retentionDays: number;
  name?: string;
  parent?: ParentLink;
}

export interface Started { exec: ExecutionDoc; key: string; existing: boolean }

interface Prepared { functionName: string; version: string; invocationId: string; payload: Buffer }

/** The parts of the service that the operations reached from outside (callbacks, chained invokes) share. */
export interface ExecutionLock { <T>(key: string, work: () => Promise<T>): Promise<T> }

export class DurableExecutions {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly invoking = new Set<string>();
  private readonly waiters = new Map<string, ((exec: ExecutionDoc) => void)[]>();
  private readonly timers: ExecutionTimers;
  /** Told when an execution started by a chained invoke ends (set by the chained-invoke runner). */
  onEnded: (scope: Scope, exec: ExecutionDoc) => void = () => {};
  /** Runs the chained invokes a checkpoint started (set by the chained-invoke runner). */
  onChained: (scope: Scope, key: string, operationId: string) => void = () => {};

  constructor(private readonly deps: InvokeDeps, readonly now: () => number = Date.now) {
    this.timers = new ExecutionTimers(now);
  }

  get store(): MetadataStore {
    return this.deps.store;
  }

  /** Runs `work` alone among the changes to one execution on this node. */
  readonly lock: ExecutionLock = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => {});
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return next;
  };

  // ---- starting ----

  async start(req: StartRequest): Promise<Started> {
    const name = req.name ?? randomUUID();
    const id = randomUUID();
    const key = executionKey(req.functionName, req.version, name, id);
    const nameKey = executionNameKey(req.functionName, name);
    if (req.name) {
      const known = await this.store.get<ExecutionNameDoc>(EXECUTION_NAME_KIND, req.scope, nameKey);
      if (known) return this.existing(req, known.doc);
    }
    const now = this.now();
    const exec: ExecutionDoc = {
      arn: executionArn(req.scope, key),
      name, id,
      functionName: req.functionName,
      version: req.version,
      functionArn: `arn:aws:lambda:${req.scope.region}:${req.scope.accountId}:function:${req.functionName}:${req.version}`,
      status: 'RUNNING',
      input: req.input,
      startedAt: now,
      config: { ExecutionTimeout: req.executionTimeout, RetentionPeriodInDays: req.retentionDays },
      dirty: [],
      nextEventId: 1,
      nextOrder: 1,
      failedInvocations: 0,
      ...(req.parent ? { parent: req.parent } : {}),
    };
    const op: OperationDoc = {
      op: { Id: id, Type: 'EXECUTION', Status: 'STARTED', StartTimestamp: now, ExecutionDetails: { InputPayload: req.input } },
      order: 0,
    };
    const started = newEvent(exec, 'ExecutionStarted', undefined, {
      Input: payloadOf(req.input), ExecutionTimeout: req.executionTimeout,
    }, now);
    const writes: WriteOp[] = [
      { op: 'put', kind: EXECUTION_KIND, scope: req.scope, key, parent: req.functionName, doc: exec, ifAbsent: true },
      { op: 'put', kind: OPERATION_KIND, scope: req.scope, key: operationKey(key, id), parent: key, doc: op },
      { op: 'put', kind: EVENT_KIND, scope: req.scope, key: eventKey(key, started.EventId!), parent: key, doc: started },
      { op: 'put', kind: EXECUTION_NAME_KIND, scope: req.scope, key: nameKey, parent: req.functionName, doc: { executionKey: key, input: req.input }, ifAbsent: true },
    ];
    try {
      await this.store.commit(writes);
    } catch (err) {
      // Another start with this name won the race: answer as for a name already known.
      const known = await this.store.get<ExecutionNameDoc>(EXECUTION_NAME_KIND, req.scope, nameKey);
      if (known) return this.existing(req, known.doc);
      throw err;
    }
    this.scheduleDue(req.scope, key, now + req.executionTimeout * 1000);
    this.invoke(req.scope, key);
    return { exec, key, existing: false };
  }

  private async existing(req: StartRequest, known: ExecutionNameDoc): Promise<Started> {
    const stored = await this.store.get<ExecutionDoc>(EXECUTION_KIND, req.scope, known.executionKey);
    if (!stored || known.input !== req.input) {
      throw new DurableExecutionAlreadyStartedException(
        `Durable execution with name ${req.name} already exists with a different input.`, { type: 'User' },
      );
    }
    return { exec: stored.doc, key: known.executionKey, existing: true };
  }

  /** Resolves once the execution has ended (at once if it has). */
  async ended(scope: Scope, key: string): Promise<ExecutionDoc> {
    const current = await this.store.get<ExecutionDoc>(EXECUTION_KIND, scope, key);
    if (!current) throw new Error(`durable execution ${key} is gone`);
    if (TERMINAL.has(current.doc.status)) return current.doc;
    return new Promise((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
      // It may have ended between the read and the registration.
      void this.store.get<ExecutionDoc>(EXECUTION_KIND, scope, key).then((again) => {
        if (again && TERMINAL.has(again.doc.status)) this.notifyEnded(scope, key, again.doc);
      });
    });
  }

  // ---- invoking the function ----

  /** Runs invocations of the execution until it has nothing left to replay now. One loop per execution. */
  invoke(scope: Scope, key: string): void {
    if (this.invoking.has(key)) return;
    this.invoking.add(key);
    void (async () => {
      try {
        for (;;) {
          const prepared = await this.lock(key, () => this.begin(scope, key));
          if (!prepared) return;
          const outcome = await this.runFunction(scope, prepared);
          const again = await this.lock(key, () => this.end(scope, key, prepared, outcome));
          if (!again) return;
        }
      } catch (err) {
        console.error(`durable execution ${key}: ${(err as Error).message}`);
      } finally {
        this.invoking.delete(key);
      }
    })();
  }

  private async begin(scope: Scope, key: string): Promise<Prepared | undefined> {
    const state = await loadExecution(this.store, scope, key);
    if (!state || state.exec.status !== 'RUNNING') return undefined;
    const invocationId = randomUUID();
    const updated = state.exec.dirty;
    state.exec.dirty = [];
    const token = checkpointToken(invocationId);
    state.exec.invocation = { id: invocationId, startedAt: this.now(), token };
    delete state.exec.retryAt;
    await commitState(this.store, state, [], []);
    return {
      functionName: state.exec.functionName,
      version: state.exec.version,
      invocationId,
      payload: invocationEvent(state.exec.arn, token, state.ops, updated),
    };
  }

  private async runFunction(scope: Scope, prepared: Prepared): Promise<InvocationOutcome> {
    try {
      const resolved = await resolveInvoke(this.deps, scope, prepared.functionName, prepared.version);
      const { result } = await runResolved(this.deps, resolved, {
        caller: scope, functionName: prepared.functionName, payload: prepared.payload, requestId: prepared.invocationId, tailLogs: false,
      });
      return outcomeOf(result);
    } catch (err) {
      const error = err instanceof LambdaError ? { ErrorType: err.code, ErrorMessage: err.message } : { ErrorType: 'ServiceException', ErrorMessage: String(err) };
      return { kind: 'errored', error };
    }
  }

  /** Records the invocation's end; true when the execution should be invoked again at once. */
  private async end(scope: Scope, key: string, prepared: Prepared, outcome: InvocationOutcome): Promise<boolean> {
    const state = await loadExecution(this.store, scope, key);
    if (!state || state.exec.invocation?.id !== prepared.invocationId) return false;
    const now = this.now();
    const exec = state.exec;
    const events: Event[] = [newEvent(exec, 'InvocationCompleted', undefined, {
      StartTimestamp: exec.invocation!.startedAt / 1000,
      EndTimestamp: now / 1000,
      RequestId: prepared.invocationId,
      ...(outcome.kind === 'errored' ? { Error: errorOf(outcome.error) } : {}),
    }, now)];
    delete exec.invocation;
    const changed: string[] = [];
    let again = false;
    if (exec.status !== 'RUNNING') {
      // Ended meanwhile: by a checkpoint of the result, a stop or the timeout.
    } else if (outcome.kind === 'succeeded') {
      events.push(...this.finish(state, 'SUCCEEDED', now, outcome.result !== undefined ? { result: outcome.result } : {}));
    } else if (outcome.kind === 'failed') {
      events.push(...this.finish(state, 'FAILED', now, { error: outcome.error }));
    } else if (outcome.kind === 'errored') {
      exec.failedInvocations++;
      if (exec.failedInvocations >= MAX_FAILED_INVOCATIONS) events.push(...this.finish(state, 'FAILED', now, { error: outcome.error }));
      else exec.retryAt = now + RETRY_DELAYS_MS[exec.failedInvocations - 1]!;
    } else {
      exec.failedInvocations = 0;
      const due = applyDue(state, now);
      changed.push(...due.changed);
      events.push(...due.events);
      again = exec.dirty.length > 0;
    }
    await commitState(this.store, state, changed, events, this.finishWrites(state));
    this.afterChange(state);
    return again;
  }

  // ---- ending ----

  /** Ends the execution in the state (the caller commits); returns the event that says so. */
  finish(state: LoadedExecution, status: Exclude<ExecutionStatus, 'RUNNING'>, now: number, data: { result?: string; error?: ErrorObject }): Event[] {
    const exec = state.exec;
    exec.status = status;
    exec.endedAt = now;
    exec.expiresAt = now + exec.config.RetentionPeriodInDays * DAY_MS;
    delete exec.retryAt;
    if (data.result !== undefined) exec.result = data.result;
    if (data.error !== undefined) exec.error = data.error;
    const execOp = state.ops.get(exec.id);
    if (execOp) {
      execOp.op.Status = status === 'SUCCEEDED' ? 'SUCCEEDED' : status === 'FAILED' ? 'FAILED' : status === 'TIMED_OUT' ? 'TIMED_OUT' : 'STOPPED';
      execOp.op.EndTimestamp = now;
    }
    // The execution's own events name no operation.
    const about = undefined;
    switch (status) {
      case 'SUCCEEDED': return [newEvent(exec, 'ExecutionSucceeded', about, { Result: payloadOf(exec.result) }, now)];
      case 'FAILED': return [newEvent(exec, 'ExecutionFailed', about, { Error: errorOf(exec.error) }, now)];
      case 'TIMED_OUT': return [newEvent(exec, 'ExecutionTimedOut', about, { Error: errorOf(exec.error) }, now)];
      case 'STOPPED': return [newEvent(exec, 'ExecutionStopped', about, { Error: errorOf(exec.error) }, now)];
    }
  }

  /** Writes that go with an ended execution: its own operation's final state. */
  finishWrites(state: LoadedExecution): WriteOp[] {
    if (state.exec.status === 'RUNNING') return [];
    const execOp = state.ops.get(state.exec.id);
    return execOp ? [{ op: 'put', kind: OPERATION_KIND, scope: state.scope, key: operationKey(state.key, state.exec.id), parent: state.key, doc: execOp }] : [];
  }

  /** After a committed change: wake waiters of an ended execution, or set its next timer and invoke it if due. */
  afterChange(state: LoadedExecution): void {
    const { scope, key, exec } = state;
    if (TERMINAL.has(exec.status)) {
      this.timers.cancel(key);
      this.notifyEnded(scope, key, exec);
      this.scheduleExpiry(scope, key, exec.expiresAt!);
      return;
    }
    this.scheduleDue(scope, key, nextDue(state));
    if (!exec.invocation && (exec.dirty.length > 0 || (exec.retryAt !== undefined && exec.retryAt <= this.now()))) this.invoke(scope, key);
  }

  private notifyEnded(scope: Scope, key: string, exec: ExecutionDoc): void {
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    for (const resolve of list ?? []) resolve(exec);
    if (exec.parent) this.onEnded(scope, exec);
  }

  // ---- time ----

  private scheduleDue(scope: Scope, key: string, at: number): void {
    this.timers.schedule(key, at, () => void this.tick(scope, key).catch((err: Error) => {
      console.error(`durable execution ${key}: ${err.message}`);
    }));
  }

  /** Applies what has come due: ended waits and retry delays, timed-out callbacks, the execution's own timeout. */
  async tick(scope: Scope, key: string): Promise<void> {
    await this.lock(key, async () => {
      const state = await loadExecution(this.store, scope, key);
      if (!state) return;
      if (state.exec.status !== 'RUNNING') {
        this.afterChange(state);
        return;
      }
      const now = this.now();
      const deadline = state.exec.startedAt + state.exec.config.ExecutionTimeout * 1000;
      if (now >= deadline) {
        const events = this.finish(state, 'TIMED_OUT', now, {
          error: { ErrorMessage: `Execution timed out after ${state.exec.config.ExecutionTimeout} seconds.` },
        });
        await commitState(this.store, state, [], events, this.finishWrites(state));
      } else {
        const due = applyDue(state, now);
        if (due.changed.length > 0) await commitState(this.store, state, due.changed, due.events);
      }
      this.afterChange(state);
    });
  }

  private scheduleExpiry(scope: Scope, key: string, at: number): void {
    this.timers.schedule(`expire:${key}`, at, () => void this.expire(scope, key).catch(() => {}));
  }

  private async expire(scope: Scope, key: string): Promise<void> {
    await this.lock(key, async () => {
      const state = await loadExecution(this.store, scope, key);
      if (!state || state.exec.expiresAt === undefined || state.exec.expiresAt > this.now()) return;
      await this.store.commit(await removeExecutionWrites(this.store, scope, key, state.exec));
    });
  }

  // ---- restart ----

  /** Picks up every execution in the store: replays those a crash interrupted, and sets every timer again. */
  async recover(): Promise<void> {
    for (const row of await this.store.listAll<ExecutionDoc>(EXECUTION_KIND)) {
      const { scope, key } = row;
      await this.lock(key, async () => {
        const state = await loadExecution(this.store, scope, key);
        if (!state) return;
        if (state.exec.status === 'RUNNING' && state.exec.invocation) {
          // The invocation died with the process that ran it: replay from the checkpoints.
          delete state.exec.invocation;
          state.exec.retryAt = this.now();
          await commitState(this.store, state, [], []);
        }
        this.afterChange(state);
        if (state.exec.status === 'RUNNING') {
          for (const doc of state.ops.values()) {
            if (doc.op.Type === 'CHAINED_INVOKE' && doc.op.Status === 'STARTED') this.onChained(scope, key, doc.op.Id);
          }
        }
      });
    }
  }

  stop(): void {
    this.timers.stop();
  }

  // ---- helpers for the operations ----

  /** Marks an operation changed by the service and commits, then lets the function see it. */
  async commitServiceChange(state: LoadedExecution, operationId: string, events: Event[]): Promise<void> {
    markDirty(state, operationId);
    await commitState(this.store, state, [operationId], events);
    this.afterChange(state);
  }

  /** Letters and digits only: AWS's pattern allows base64, and `+` or `/` would need escaping in a path. */
  newCallbackId(): string {
    return randomBytes(48).toString('base64').replace(/[+/=]/g, '').slice(0, 56);
  }
}

/** Checkpoint tokens are opaque and single-use; the execution keeps the one that is good now. */
export function checkpointToken(invocationId: string): string {
  return Buffer.from(`${invocationId}:${randomBytes(8).toString('hex')}`).toString('base64url');
}

