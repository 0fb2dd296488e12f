/**
 * InvokeWithResponseStream's core: run the function with a chunk sink and turn what it writes into
 * event-stream frames as it writes it, ending with one InvokeComplete.
 */
import type { InvokeResult } from '../../engine/index.js';
import type { InvokeWithResponseStreamCompleteEvent } from '../../model/types.generated.js';
import { runResolved, type InvokeDeps, type InvokeRequest, type ResolvedInvoke } from './run.js';
import { invokeCompleteFrame, payloadChunkFrame } from './stream-frames.js';
import { FrameQueue } from './stream-queue.js';

/** AWS's ceiling on a streamed response (20 MiB). */
export const STREAMED_RESPONSE_LIMIT = 20_971_520;

export interface StreamedInvoke {
  executedVersion: string;
  /** PayloadChunk frames as the function writes, then one InvokeComplete frame. */
  frames: AsyncIterable<Uint8Array>;
}

type StreamRequest = Omit<InvokeRequest, 'onStreamChunk'>;

/**
 * Starts the invocation and resolves once its response has begun (the first chunk) or it has ended,
 * so a failure before any output (throttling, say) still answers as an HTTP error.
 */
export function streamResolved(deps: InvokeDeps, resolved: ResolvedInvoke, req: StreamRequest): Promise<StreamedInvoke> {
  const queue = new FrameQueue();
  let sent = 0;
  let begun = false;
  return new Promise((resolve, reject) => {
    const begin = () => {
      if (begun) return;
      begun = true;
      resolve({ executedVersion: resolved.executedVersion, frames: queue });
    };
    const onStreamChunk = (chunk: Buffer) => {
      if (queue.isClosed) return;
      const room = STREAMED_RESPONSE_LIMIT - sent;
      if (chunk.length > room) {
        // Cut the stream at the limit; the function's later output goes nowhere.
        if (room > 0) queue.push(payloadChunkFrame(chunk.subarray(0, room)));
        sent = STREAMED_RESPONSE_LIMIT;
        queue.push(invokeCompleteFrame(tooLargeCompletion()));
        queue.close();
      } else {
        sent += chunk.length;
        queue.push(payloadChunkFrame(chunk));
      }
      begin();
    };
    runResolved(deps, resolved, { ...req, onStreamChunk }).then(
      ({ result }) => {
        if (queue.isClosed) return;
        if (!result.streamed && !result.functionError && result.payload.length > 0) {
          // A buffered handler answers through the streaming API as one chunk.
          queue.push(payloadChunkFrame(result.payload));
        }
        queue.push(invokeCompleteFrame(completion(result)));
        queue.close();
        begin();
      },
      (err: unknown) => {
        if (!begun) return reject(err);
        console.error('lambkin: streamed invocation failed after it began', err);
        queue.push(invokeCompleteFrame({ ErrorCode: 'ServiceException', ErrorDetails: 'An internal error occurred in Lambkin.' }));
        queue.close();
      },
    );
  });
}

function tooLargeCompletion(): InvokeWithResponseStreamCompleteEvent {
  return {
    ErrorCode: 'Function.ResponseSizeTooLarge',
    ErrorDetails: `Response payload size exceeded maximum allowed payload size (${STREAMED_RESPONSE_LIMIT} bytes).`,
  };
}

export function completion(result: InvokeResult): InvokeWithResponseStreamCompleteEvent {
  const complete: InvokeWithResponseStreamCompleteEvent = {};
  const error = errorOf(result);
  if (error) {
    complete.ErrorCode = error.code;
    if (error.details !== undefined) complete.ErrorDetails = error.details;
  }
  if (result.logTail !== undefined) complete.LogResult = result.logTail;
  return complete;
}

interface ErrorDocument { errorType?: unknown; errorMessage?: unknown }

function parseError(text: string): ErrorDocument {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed as ErrorDocument : {};
  } catch {
    return {};
  }
}

/** Error trailers from a streaming runtime win; otherwise an errored result's AWS-shaped error document. */
function errorOf(result: InvokeResult): { code: string; details?: string } | undefined {
  if (result.streamed?.errorCode) {
    const text = result.streamed.errorDetails;
    if (text === undefined) return { code: result.streamed.errorCode };
    const doc = parseError(text);
    return { code: result.streamed.errorCode, details: typeof doc.errorMessage === 'string' ? doc.errorMessage : text };
  }
  if (!result.functionError) return undefined;
  const text = result.payload.toString('utf8');
  const doc = parseError(text);
  return {
    code: typeof doc.errorType === 'string' && doc.errorType ? doc.errorType : result.functionError,
    details: typeof doc.errorMessage === 'string' ? doc.errorMessage : text,
  };
}
