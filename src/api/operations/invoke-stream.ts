/** InvokeWithResponseStream: the function's output as AWS event-stream frames, as it is written. */
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { InvokeWithResponseStreamResponseEvent } from '../../model/types.generated.js';
import {
  SYNC_PAYLOAD_LIMIT, checkedPayload, decodedClientContext, payloadTooLarge,
} from '../../control/invoke/payload.js';
import { resolveInvoke, type InvokeDeps } from '../../control/invoke/run.js';
import { streamResolved } from '../../control/invoke/stream-run.js';
import { EVENT_STREAM_CONTENT_TYPE, invokeCompleteFrame, payloadChunkFrame } from '../../control/invoke/stream-frames.js';
import { completion } from '../../control/invoke/stream-run.js';
import type { DurableDep } from '../../control/deps.js';
import { durableConfigOf } from '../../durable/invoke-durable.js';
import { runToEnd } from '../../durable/sync-invoke.js';

/** What this family is built from. */
type Deps = InvokeDeps & DurableDep;

/** A durable function's execution is waited for; its result comes as one chunk. */
async function* endedFrames(result: { payload: Buffer; functionError?: 'Unhandled' | 'Handled'; durationMs: number }): AsyncIterable<Uint8Array> {
  if (!result.functionError && result.payload.length > 0) yield payloadChunkFrame(result.payload);
  yield invokeCompleteFrame(completion(result));
}

const handlers = (deps: Deps): HandlerTable => ({
  async InvokeWithResponseStream(ctx, input) {
    const payload = checkedPayload(input.Payload);
    const clientContext = input.ClientContext ? decodedClientContext(input.ClientContext) : undefined;
    const resolved = await resolveInvoke(deps, ctx.scope, input.FunctionName, input.Qualifier);
    const durable = durableConfigOf(resolved);
    if (durable) {
      const { result, executedVersion } = await runToEnd(deps, resolved, durable, payload);
      return {
        StatusCode: 200,
        ExecutedVersion: executedVersion,
        ResponseStreamContentType: EVENT_STREAM_CONTENT_TYPE,
        EventStream: endedFrames(result) as unknown as InvokeWithResponseStreamResponseEvent,
      };
    }
    // AWS runs the function for DryRun on this operation too and streams its answer, so no branch here.
    const { executedVersion, frames } = await streamResolved(deps, resolved, {
      caller: ctx.scope,
      functionName: input.FunctionName,
      payload,
      requestId: ctx.requestId,
      tailLogs: input.LogType === 'Tail',
      ...(clientContext ? { clientContext } : {}),
    });
    return {
      StatusCode: 200,
      ExecutedVersion: executedVersion,
      ResponseStreamContentType: EVENT_STREAM_CONTENT_TYPE,
      // The encoder writes an async iterable payload member chunk by chunk.
      EventStream: frames as unknown as InvokeWithResponseStreamResponseEvent,
    };
  },
});

const policies: PolicyTable = {
  // Only the response may grow to 20 MiB; the request keeps Invoke's limit.
  InvokeWithResponseStream: { maxBody: { bytes: SYNC_PAYLOAD_LIMIT, error: () => payloadTooLarge(SYNC_PAYLOAD_LIMIT) } },
};

export const invokeStreamFamily: ResourceFamily<Deps> = { handlers, policies };
