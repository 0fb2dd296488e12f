/** Invoke (RequestResponse, Event, DryRun) and the legacy InvokeAsync. */
import type { HandlerTable, OperationPolicy } from './types.js';
import { InvalidRequestContentException, RequestTooLargeException } from '../../errors/catalogue.js';
import { jacksonMessage } from '../json-errors.js';
import type { LambdaError } from '../../errors/base.js';
import { resolveInvoke, runResolved } from '../../control/invoke/run.js';
import type { RequestContext } from './types.js';

/** Synchronous payload limit (request and response), as AWS documents it. */
const SYNC_PAYLOAD_LIMIT = 6_291_456;
/** Asynchronous (Event) payload limit. */
const ASYNC_PAYLOAD_LIMIT = 1_048_576;

function tooLarge(limit: number): LambdaError {
  return new RequestTooLargeException(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
}

/** Event and DryRun answers carry no body. */
const NO_BODY = Buffer.alloc(0);

/** AWS refuses a payload that is not JSON before it reaches the function. */
function checkedPayload(raw: Uint8Array | undefined): Buffer {
  if (!raw || raw.length === 0) return Buffer.from('{}');
  const payload = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new InvalidRequestContentException(`Could not parse request body into json: Could not parse payload into json: ${jacksonMessage(text)}`);
  }
  return payload;
}

async function enqueueEvent(ctx: RequestContext, functionName: string, qualifier: string | undefined, payload: Buffer): Promise<void> {
  if (payload.length > ASYNC_PAYLOAD_LIMIT) throw tooLarge(ASYNC_PAYLOAD_LIMIT);
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
      ...(input.ClientContext ? { clientContext: input.ClientContext } : {}),
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
  Invoke: { maxBody: { bytes: SYNC_PAYLOAD_LIMIT, error: () => tooLarge(SYNC_PAYLOAD_LIMIT) } },
  InvokeAsync: { maxBody: { bytes: ASYNC_PAYLOAD_LIMIT, error: () => tooLarge(ASYNC_PAYLOAD_LIMIT) } },
};
