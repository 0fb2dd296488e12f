import type { IncomingMessage } from 'node:http';
import { MAX_RESPONSE_BYTES, platformError, responseTooLarge } from './errors.js';
import type { Invocation, Outcome } from './invocation.js';
import { replyAccepted, replyError, replyInvalidState, type RuntimeExchange } from './runtime-api.js';

/**
 * What a runtime posts about an invocation (its response, streamed or whole, or its error), read into
 * the Outcome to record. Each reply to the runtime is sent here; `record` gets the outcome only while
 * the invocation is still open (a late post is refused).
 */
export type RecordOutcome = (outcome: Outcome) => void;

/** POST /invocation/{id}/response (`res` is the exchange: its request, and the reply to it) */
export function readResponse(inv: Invocation, res: RuntimeExchange, record: RecordOutcome): Promise<void> {
  if (res.headers['lambda-runtime-function-response-mode'] === 'streaming' && res.stream) return readStreamedResponse(inv, res.stream, res, record);
  const declared = Number(res.headers['content-length']);
  const contentType = res.headers['content-type'];
  return res.readBody(MAX_RESPONSE_BYTES).then(({ body, size }) => {
    if (inv.done) return replyInvalidState(res, 'The invocation already ended');
    if (size > MAX_RESPONSE_BYTES || declared > MAX_RESPONSE_BYTES) {
      replyError(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
      return record({ payload: responseTooLarge(), functionError: 'Unhandled', errorType: 'Function.ResponseSizeTooLarge' });
    }
    record({ payload: body, contentType });
    // Sent a turn later: the caller's answer (written once the invocation settles, in the turn
    // `record` schedules) goes out first, and the runtime's next `next` cannot overtake it anyway.
    setImmediate(replyAccepted, res);
  });
}

/** POST /invocation/{id}/error */
export function readErrorPost(inv: Invocation, res: RuntimeExchange, record: RecordOutcome): Promise<void> {
  const headerType = res.headers['lambda-runtime-function-error-type'];
  return res.readBody(MAX_RESPONSE_BYTES).then(({ body }) => {
    if (inv.done) return replyInvalidState(res, 'The invocation already ended');
    replyAccepted(res);
    const payload = body.length > 0 ? body : platformError(String(headerType ?? 'Runtime.Unknown'), 'Unknown application error occurred');
    record({ payload, functionError: 'Unhandled', ...(typeof headerType === 'string' && headerType ? { functionErrorType: headerType } : {}) });
  });
}

/** POST /init/error, as an outcome for the invocation that waited for init. */
export async function readInitError(req: RuntimeExchange): Promise<Outcome> {
  const headerType = req.headers['lambda-runtime-function-error-type'];
  const { body } = await req.readBody(MAX_RESPONSE_BYTES);
  let errorType = typeof headerType === 'string' && headerType ? headerType : 'Runtime.Unknown';
  let payload = body;
  try {
    const parsed = JSON.parse(body.toString()) as { errorType?: unknown };
    if (typeof parsed.errorType === 'string' && parsed.errorType) errorType = parsed.errorType;
  } catch {
    // Not a JSON error document: wrap the text the runtime sent in one.
    payload = platformError(errorType, body.toString() || 'Unknown application error occurred');
  }
  return { payload, functionError: 'Unhandled', status: 'error', errorType };
}

/** A response in `streaming` mode: chunks go to the caller as they come, error trailers at the end. */
function readStreamedResponse(inv: Invocation, req: IncomingMessage, res: RuntimeExchange, record: RecordOutcome): Promise<void> {
  const sink = inv.params.onStreamChunk;
  const collected: Buffer[] = [];
  return new Promise((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      if (inv.done) return;
      if (sink) sink(chunk, req.headers['content-type']);
      else collected.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (inv.done) return resolve(replyInvalidState(res, 'The invocation already ended'));
      replyAccepted(res);
      const errorCode = req.trailers['lambda-runtime-function-error-type'];
      const errorBody = req.trailers['lambda-runtime-function-error-body'];
      const streamed: Outcome['streamed'] = {};
      if (errorCode) streamed.errorCode = errorCode;
      if (errorBody) streamed.errorDetails = Buffer.from(errorBody, 'base64').toString();
      record({
        payload: Buffer.concat(collected),
        streamed,
        contentType: req.headers['content-type'],
        functionError: errorCode ? 'Unhandled' : undefined,
      });
      resolve();
    });
  });
}
