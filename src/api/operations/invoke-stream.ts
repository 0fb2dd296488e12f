/** InvokeWithResponseStream: the function's output as AWS event-stream frames, as it is written. */
import type { HandlerTable, OperationPolicy } from './types.js';
import type { InvokeWithResponseStreamResponseEvent } from '../types.generated.js';
import { InvalidRequestContentException, RequestTooLargeException } from '../../errors/catalogue.js';
import { jacksonMessage } from '../json-errors.js';
import { resolveInvoke } from '../../control/invoke/run.js';
import { streamResolved } from '../../control/invoke/stream-run.js';
import { EVENT_STREAM_CONTENT_TYPE } from '../../control/invoke/stream-frames.js';

/** The request side keeps the synchronous Invoke limit; only the response may grow to 20 MiB. */
const REQUEST_PAYLOAD_LIMIT = 6_291_456;

function tooLarge() {
  return new RequestTooLargeException(`Request must be smaller than ${REQUEST_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`);
}

/** As with Invoke, a payload that is not JSON is refused before the function runs. */
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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The runtime receives the client context as JSON text; callers send it base64-encoded. */
function decodedClientContext(raw: string): string {
  const invalid = () => new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
  if (!BASE64.test(raw)) throw invalid();
  const text = Buffer.from(raw, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  return text;
}

export const invokeStreamHandlers: HandlerTable = {
  async InvokeWithResponseStream(ctx, input) {
    const payload = checkedPayload(input.Payload);
    const clientContext = input.ClientContext ? decodedClientContext(input.ClientContext) : undefined;
    const resolved = await resolveInvoke(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
    // AWS runs the function for DryRun on this operation too and streams its answer, so no branch here.
    const { executedVersion, frames } = await streamResolved(ctx.app, resolved, {
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
};

export const invokeStreamPolicies: Record<string, OperationPolicy> = {
  InvokeWithResponseStream: { maxBody: { bytes: REQUEST_PAYLOAD_LIMIT, error: tooLarge } },
};
