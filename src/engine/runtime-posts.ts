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

/** POST /invocation/{id}/response */
export function readResponse(inv: Invocation, exchange: RuntimeExchange, record: RecordOutcome): Promise<void> {
  // A streamed response is never framed by hand (the hand-framed path leaves it to node:http): it has its stream.
  const streamed = exchange.headers['lambda-runtime-function-response-mode'] === 'streaming' ? exchange.stream : undefined;
  if (streamed) return readStreamedResponse(inv, streamed, exchange, record);
  const declared = Number(exchange.headers['content-length']);
  const contentType = exchange.headers['content-type'];
  return exchange.readBody(MAX_RESPONSE_BYTES).then(({ body, size }) => {
    if (inv.done) return replyInvalidState(exchange, 'The invocation already ended');
    if (size > MAX_RESPONSE_BYTES || declared > MAX_RESPONSE_BYTES) {
      record({ payload: responseTooLarge(), functionError: 'Unhandled', errorType: 'Function.ResponseSizeTooLarge' });
      setImmediate(replyError, exchange, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
      return;
    }
    record({ payload: body, contentType });
    // Sent a turn later: the caller's answer (written once the invocation settles, in the turn
    // `record` schedules) goes out first. Never before `record`: a `next` the runtime pipelined after
    // this post is read as soon as the answer is written, and must find the invocation ended.
    setImmediate(replyAccepted, exchange);
  });
}

/** POST /invocation/{id}/error */
export function readErrorPost(inv: Invocation, exchange: RuntimeExchange, record: RecordOutcome): Promise<void> {
  const headerType = exchange.headers['lambda-runtime-function-error-type'];
  return exchange.readBody(MAX_RESPONSE_BYTES).then(({ body }) => {
    if (inv.done) return replyInvalidState(exchange, 'The invocation already ended');
    const payload = body.length > 0 ? body : platformError(String(headerType ?? 'Runtime.Unknown'), 'Unknown application error occurred');
    record({ payload, functionError: 'Unhandled', ...(typeof headerType === 'string' && headerType ? { functionErrorType: headerType } : {}) });
    // After `record`, as for a response: a pipelined `next` must find the invocation ended.
    setImmediate(replyAccepted, exchange);
  });
}

/** POST /init/error, as an outcome for the invocation that waited for init. */
export async function readInitError(exchange: RuntimeExchange): Promise<Outcome> {
  const headerType = exchange.headers['lambda-runtime-function-error-type'];
  const { body } = await exchange.readBody(MAX_RESPONSE_BYTES);
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
function readStreamedResponse(inv: Invocation, req: IncomingMessage, exchange: RuntimeExchange, record: RecordOutcome): Promise<void> {
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
      if (inv.done) return resolve(replyInvalidState(exchange, 'The invocation already ended'));
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
      replyAccepted(exchange);
      resolve();
    });
  });
}
