/** Invoke (RequestResponse, Event, DryRun) and the legacy InvokeAsync. */
import type { HandlerTable, OperationPolicy } from './types.js';
import {
  ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT, checkedPayload, decodedClientContext, payloadTooLarge,
} from '../../control/invoke/payload.js';
import { resolveInvoke, runResolved } from '../../control/invoke/run.js';
import type { RequestContext } from './types.js';

/** Event and DryRun answers carry no body. */
const NO_BODY = Buffer.alloc(0);

async function enqueueEvent(ctx: RequestContext, functionName: string, qualifier: string | undefined, payload: Buffer): Promise<void> {
  if (payload.length > ASYNC_PAYLOAD_LIMIT) throw payloadTooLarge(ASYNC_PAYLOAD_LIMIT);
  const resolved = await resolveInvoke(ctx.app, ctx.scope, functionName, qualifier);
  const unqualified = resolved.loaded.doc.latest.config.FunctionArn!;
  await ctx.app.asyncQueue.enqueue(resolved.loaded.scope, {
    requestId: ctx.requestId,
    functionArn: unqualified,
    ...(resolved.loaded.ref.qualifier ? { qualifier: resolved.loaded.ref.qualifier } : {}),
    payload: payload.toString('base64'),
  });
}

export const invokeHandlers: HandlerTable = {
  async Invoke(ctx, input) {
    const payload = checkedPayload(input.Payload);
    const type = input.InvocationType ?? 'RequestResponse';
    if (type === 'Event') {
      await enqueueEvent(ctx, input.FunctionName, input.Qualifier, payload);
      return { StatusCode: 202, Payload: NO_BODY };
    }
    const resolved = await resolveInvoke(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
    if (type === 'DryRun') return { StatusCode: 204, Payload: NO_BODY };
    const { result, executedVersion } = await runResolved(ctx.app, resolved, {
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
    await enqueueEvent(ctx, input.FunctionName, undefined, checkedPayload(input.InvokeArgs));
    return { Status: 202 };
  },
};

export const invokePolicies: Record<string, OperationPolicy> = {
  Invoke: { maxBody: { bytes: SYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(SYNC_PAYLOAD_LIMIT) } },
  InvokeAsync: { maxBody: { bytes: ASYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(ASYNC_PAYLOAD_LIMIT) } },
};
