/** Invoke (RequestResponse, Event, DryRun) and the legacy InvokeAsync. */
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { AsyncQueue } from '../../async/queue.js';
import {
  ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT, checkedPayload, decodedClientContext, payloadTooLarge,
} from '../../control/invoke/payload.js';
import { resolveInvoke, runResolved, type InvokeDeps, type ResolvedInvoke } from '../../control/invoke/run.js';
import type { RequestContext } from './types.js';
import type { DurableDep } from '../../control/deps.js';
import type { DurableConfig, InvocationRequest, InvocationResponse } from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { checkDurableInvoke, durableConfigOf, startExecution } from '../../durable/invoke-durable.js';
import { answerOfEnded } from '../../durable/sync-invoke.js';
import type { ExecutionDoc } from '../../durable/records.js';

/** Event and DryRun answers carry no body. */
const NO_BODY = Buffer.alloc(0);
/** A durable execution started asynchronously keeps at most this much input. */
const DURABLE_ASYNC_INPUT_LIMIT = 262_144;

/** What this family is built from. */
type Deps = InvokeDeps & DurableDep & { asyncQueue: Pick<AsyncQueue, 'enqueue'> };

async function enqueueEvent(deps: Deps, ctx: RequestContext, resolved: ResolvedInvoke, payload: Buffer): Promise<void> {
  const unqualified = resolved.loaded.doc.latest.config.FunctionArn!;
  await deps.asyncQueue.enqueue(resolved.loaded.scope, {
    requestId: ctx.requestId,
    functionArn: unqualified,
    ...(resolved.loaded.ref.qualifier ? { qualifier: resolved.loaded.ref.qualifier } : {}),
    payload: payload.toString('base64'),
  });
}

/** The answer of a synchronous invoke that waited for a durable execution to end. */
function endedAnswer(exec: ExecutionDoc): InvocationResponse {
  const { payload, functionError } = answerOfEnded(exec);
  return {
    StatusCode: 200, ExecutedVersion: exec.version, DurableExecutionArn: exec.arn, Payload: payload,
    ...(functionError ? { FunctionError: functionError } : {}),
  };
}

/** Invoke of a durable function: it starts (or, by name, finds) an execution; RequestResponse waits for its end. */
async function invokeDurable(deps: Deps, input: InvocationRequest, resolved: ResolvedInvoke, config: DurableConfig, payload: Buffer): Promise<InvocationResponse> {
  const type = input.InvocationType ?? 'RequestResponse';
  checkDurableInvoke(resolved, config, type);
  if (type === 'DryRun') return { StatusCode: 204, Payload: NO_BODY };
  if (type === 'Event' && payload.length > DURABLE_ASYNC_INPUT_LIMIT) throw payloadTooLarge(DURABLE_ASYNC_INPUT_LIMIT);
  const started = await startExecution(deps.durable, {
    resolved, config, input: payload.length > 0 ? payload.toString('utf8') : '{}',
    ...(input.DurableExecutionName !== undefined ? { name: input.DurableExecutionName } : {}),
  });
  if (type === 'Event') return { StatusCode: 202, Payload: NO_BODY, DurableExecutionArn: started.exec.arn };
  return endedAnswer(await deps.durable.ended(resolved.loaded.scope, started.key));
}

const handlers = (deps: Deps): HandlerTable => ({
  async Invoke(ctx, input) {
    const payload = checkedPayload(input.Payload);
    const type = input.InvocationType ?? 'RequestResponse';
    if (type === 'Event' && payload.length > ASYNC_PAYLOAD_LIMIT) throw payloadTooLarge(ASYNC_PAYLOAD_LIMIT);
    const resolved = await resolveInvoke(deps, ctx.scope, input.FunctionName, input.Qualifier);
    const durable = durableConfigOf(resolved);
    if (durable) return invokeDurable(deps, input, resolved, durable, payload);
    if (input.DurableExecutionName !== undefined) {
      throw new InvalidParameterValueException('A durable execution name can only be given when invoking a durable function.', { type: 'User' });
    }
    if (type === 'Event') {
      await enqueueEvent(deps, ctx, resolved, payload);
      return { StatusCode: 202, Payload: NO_BODY };
    }
    if (type === 'DryRun') return { StatusCode: 204, Payload: NO_BODY };
    const { result, executedVersion } = await runResolved(deps, resolved, {
      caller: ctx.scope,
      functionName: input.FunctionName,
      payload,
      requestId: ctx.requestId,
      tailLogs: input.LogType === 'Tail',
      ...(input.ClientContext ? { clientContext: decodedClientContext(input.ClientContext) } : {}),
    });
    return {
      StatusCode: 200,
      Payload: result.payload,
      ExecutedVersion: executedVersion,
      ...(result.functionError ? { FunctionError: result.functionError } : {}),
      ...(result.logTail !== undefined ? { LogResult: result.logTail } : {}),
    };
  },

  async InvokeAsync(ctx, input) {
    const payload = checkedPayload(input.InvokeArgs);
    if (payload.length > ASYNC_PAYLOAD_LIMIT) throw payloadTooLarge(ASYNC_PAYLOAD_LIMIT);
    const resolved = await resolveInvoke(deps, ctx.scope, input.FunctionName);
    const durable = durableConfigOf(resolved);
    if (durable) {
      // The deprecated call starts no durable execution; it is refused after the rule every invoke shares.
      checkDurableInvoke(resolved, durable, 'Event');
      throw new InvalidParameterValueException('InvokeAsync is not supported for durable functions.', { type: 'User' });
    }
    await enqueueEvent(deps, ctx, resolved, payload);
    return { Status: 202 };
  },
});

const policies: PolicyTable = {
  Invoke: { maxBody: { bytes: SYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(SYNC_PAYLOAD_LIMIT) } },
  InvokeAsync: { maxBody: { bytes: ASYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(ASYNC_PAYLOAD_LIMIT) } },
};

export const invokeFamily: ResourceFamily<Deps> = { handlers, policies };
