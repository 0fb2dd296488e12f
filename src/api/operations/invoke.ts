/** Invoke (RequestResponse, Event, DryRun) and the legacy InvokeAsync. */
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { AsyncQueue } from '../../async/queue.js';
import {
  ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT, checkedPayload, decodedClientContext, payloadTooLarge,
} from '../../control/invoke/payload.js';
import { resolveInvoke, runResolved, type InvokeDeps } from '../../control/invoke/run.js';
import type { RequestContext } from './types.js';

/** Event and DryRun answers carry no body. */
const NO_BODY = Buffer.alloc(0);

/** What this family is built from. */
type Deps = InvokeDeps & { asyncQueue: Pick<AsyncQueue, 'enqueue'> };

async function enqueueEvent(deps: Deps, ctx: RequestContext, functionName: string, qualifier: string | undefined, payload: Buffer): Promise<void> {
  if (payload.length > ASYNC_PAYLOAD_LIMIT) throw payloadTooLarge(ASYNC_PAYLOAD_LIMIT);
  const resolved = await resolveInvoke(deps, ctx.scope, functionName, qualifier);
  const unqualified = resolved.loaded.doc.latest.config.FunctionArn!;
  await deps.asyncQueue.enqueue(resolved.loaded.scope, {
    requestId: ctx.requestId,
    functionArn: unqualified,
    ...(resolved.loaded.ref.qualifier ? { qualifier: resolved.loaded.ref.qualifier } : {}),
    payload: payload.toString('base64'),
  });
}

const handlers = (deps: Deps): HandlerTable => ({
  async Invoke(ctx, input) {
    const payload = checkedPayload(input.Payload);
    const type = input.InvocationType ?? 'RequestResponse';
    if (type === 'Event') {
      await enqueueEvent(deps, ctx, input.FunctionName, input.Qualifier, payload);
      return { StatusCode: 202, Payload: NO_BODY };
    }
    const resolved = await resolveInvoke(deps, ctx.scope, input.FunctionName, input.Qualifier);
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
    await enqueueEvent(deps, ctx, input.FunctionName, undefined, checkedPayload(input.InvokeArgs));
    return { Status: 202 };
  },
});

const policies: PolicyTable = {
  Invoke: { maxBody: { bytes: SYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(SYNC_PAYLOAD_LIMIT) } },
  InvokeAsync: { maxBody: { bytes: ASYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(ASYNC_PAYLOAD_LIMIT) } },
};

export const invokeFamily: ResourceFamily<Deps> = { handlers, policies };
