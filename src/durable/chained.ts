/**
 * Chained invokes: a workflow's `invoke` of another function, run by the service. A durable target
 * starts an execution of its own that completes the operation when it ends; any other target is invoked
 * once and its answer completes it. Either way the waiting execution is then resumed.
 */
import { createHash } from 'node:crypto';
import type { ChainedInvokeStartedDetails, ErrorObject, Event, OperationStatus } from '../model/types.generated.js';
import type { Scope, WriteOp } from '../store/types.js';
import type { InvokeDeps } from '../control/invoke/run.js';
import { resolveInvoke, runResolved } from '../control/invoke/run.js';
import { LambdaError } from '../errors/base.js';
import { EVENT_KIND, OPERATION_KIND, operationKey, type ExecutionDoc, type OperationDoc } from './records.js';
import { errorOf, newEvent, payloadOf } from './history.js';
import { loadExecution } from './store-io.js';
import type { DurableExecutions } from './service.js';
import { checkDurableInvoke, durableConfigOf, startExecution } from './invoke-durable.js';

type TargetDetails = Pick<ChainedInvokeStartedDetails, 'ExecutedVersion' | 'DurableExecutionArn'>;

type ChainedOutcome = { status: 'SUCCEEDED'; result: string } | { status: Exclude<OperationStatus, 'SUCCEEDED'>; error: ErrorObject };

function errorOfPayload(payload: Buffer): ErrorObject {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { errorType?: string; errorMessage?: string; stackTrace?: string[] };
    return {
      ...(body.errorType ? { ErrorType: body.errorType } : {}),
      ...(body.errorMessage ? { ErrorMessage: body.errorMessage } : {}),
      ...(Array.isArray(body.stackTrace) ? { StackTrace: body.stackTrace } : {}),
    };
  } catch {
    return { ErrorMessage: payload.toString('utf8') };
  }
}

const EVENT_OF: Record<string, 'ChainedInvokeSucceeded' | 'ChainedInvokeFailed' | 'ChainedInvokeTimedOut' | 'ChainedInvokeStopped'> = {
  SUCCEEDED: 'ChainedInvokeSucceeded', FAILED: 'ChainedInvokeFailed', TIMED_OUT: 'ChainedInvokeTimedOut', STOPPED: 'ChainedInvokeStopped',
};

export class ChainedInvokes {
  constructor(private readonly service: DurableExecutions, private readonly deps: InvokeDeps) {
    service.onChained = (scope, key, id) => void this.run(scope, key, id).catch((err: Error) => {
      console.error(`durable execution ${key}: chained invoke ${id}: ${err.message}`);
    });
    service.onEnded = (scope, exec) => void this.childEnded(scope, exec).catch(() => {});
  }

  private async run(scope: Scope, key: string, operationId: string): Promise<void> {
    const stored = await this.service.store.get<OperationDoc>(OPERATION_KIND, scope, operationKey(key, operationId));
    const chained = stored?.doc.chained;
    if (!stored || !chained || stored.doc.op.Status !== 'STARTED') return;
    if (chained.childExecutionKey) {
      // Started before a restart: complete from the child if it has ended meanwhile.
      const child = await loadExecution(this.service.store, scope, chained.childExecutionKey);
      if (child && child.exec.status !== 'RUNNING') await this.childEnded(scope, child.exec);
      return;
    }
    await this.complete(scope, key, operationId, await this.invokeTarget(scope, key, operationId, chained));
  }

  private async invokeTarget(scope: Scope, key: string, operationId: string, chained: NonNullable<OperationDoc['chained']>): Promise<ChainedOutcome | undefined> {
    try {
      const resolved = await resolveInvoke(this.deps, scope, chained.functionName);
      const config = durableConfigOf(resolved);
      if (config) {
        checkDurableInvoke(resolved, config, 'Event');
        // A name from the operation makes a replayed start find the execution already started.
        const name = createHash('sha256').update(`${key}/${operationId}`).digest('hex').slice(0, 64);
        const started = await startExecution(this.service, {
          resolved, config, input: chained.payload || '{}', name, parent: { executionKey: key, operationId },
        });
        await this.recordChild(scope, key, operationId, started.key, { ExecutedVersion: resolved.executedVersion, DurableExecutionArn: started.exec.arn });
        if (started.exec.status !== 'RUNNING') await this.childEnded(scope, started.exec);
        return undefined;
      }
      await this.recordTarget(scope, key, operationId, { ExecutedVersion: resolved.executedVersion });
      const { result } = await runResolved(this.deps, resolved, {
        caller: scope, functionName: chained.functionName, payload: Buffer.from(chained.payload || '{}'),
        requestId: crypto.randomUUID(), tailLogs: false,
      });
      if (result.functionError) return { status: 'FAILED', error: errorOfPayload(result.payload) };
      return { status: 'SUCCEEDED', result: result.payload.toString('utf8') };
    } catch (err) {
      const error = err instanceof LambdaError ? { ErrorType: err.code, ErrorMessage: err.message } : { ErrorMessage: String(err) };
      return { status: 'FAILED', error };
    }
  }

  private async recordChild(scope: Scope, key: string, operationId: string, childKey: string, target: TargetDetails): Promise<void> {
    await this.service.lock(key, async () => {
      const state = await loadExecution(this.service.store, scope, key);
      const doc = state?.ops.get(operationId);
      if (!state || !doc?.chained) return;
      doc.chained.childExecutionKey = childKey;
      await this.service.store.commit([
        { op: 'put', kind: OPERATION_KIND, scope, key: operationKey(key, operationId), parent: key, doc },
        ...await this.startedEventWrites(scope, key, operationId, target),
      ]);
    });
  }

  private async recordTarget(scope: Scope, key: string, operationId: string, target: TargetDetails): Promise<void> {
    await this.service.lock(key, async () => {
      const writes = await this.startedEventWrites(scope, key, operationId, target);
      if (writes.length > 0) await this.service.store.commit(writes);
    });
  }

  /**
   * The operation's ChainedInvokeStarted event with what only resolving the target tells (the version
   * that runs, the execution it started), as AWS's history shows them; the event was written by the
   * checkpoint, before the target was known.
   */
  private async startedEventWrites(scope: Scope, key: string, operationId: string, target: TargetDetails): Promise<WriteOp[]> {
    const rows = await this.service.store.list<Event>(EVENT_KIND, scope, { parent: key });
    const row = rows.find((r) => r.doc.EventType === 'ChainedInvokeStarted' && r.doc.Id === operationId);
    if (!row) return [];
    const event: Event = { ...row.doc, ChainedInvokeStartedDetails: { ...row.doc.ChainedInvokeStartedDetails!, ...target } };
    return [{ op: 'put', kind: EVENT_KIND, scope, key: row.key, parent: key, doc: event }];
  }

  private async childEnded(scope: Scope, child: ExecutionDoc): Promise<void> {
    if (!child.parent) return;
    const outcome: ChainedOutcome = child.status === 'SUCCEEDED'
      ? { status: 'SUCCEEDED', result: child.result ?? '' }
      : { status: child.status === 'RUNNING' ? 'FAILED' : child.status, error: child.error ?? {} };
    await this.complete(scope, child.parent.executionKey, child.parent.operationId, outcome);
  }

  private async complete(scope: Scope, key: string, operationId: string, outcome: ChainedOutcome | undefined): Promise<void> {
    if (!outcome) return;
    await this.service.lock(key, async () => {
      const state = await loadExecution(this.service.store, scope, key);
      const doc = state?.ops.get(operationId);
      if (!state || !doc || state.exec.status !== 'RUNNING' || doc.op.Status !== 'STARTED') return;
      const now = this.service.now();
      doc.op.Status = outcome.status;
      doc.op.EndTimestamp = now;
      doc.op.ChainedInvokeDetails = outcome.status === 'SUCCEEDED' ? { Result: outcome.result } : { Error: outcome.error };
      const details = outcome.status === 'SUCCEEDED' ? { Result: payloadOf(outcome.result) } : { Error: errorOf(outcome.error) };
      await this.service.commitServiceChange(state, operationId, [newEvent(state.exec, EVENT_OF[outcome.status]!, doc.op, details, now)]);
    });
  }
}
