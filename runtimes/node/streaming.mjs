// Response streaming: the writable a streamified handler receives, backed by a chunked POST to
// /invocation/{id}/response, and awslambda.HttpResponseStream for function URL metadata.
import { InvalidStreamingOperation, toRapidResponse } from './errors.mjs';
import { ERROR_TYPE_HEADER } from './rapid-client.mjs';

const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER_LENGTH = 8;

// Only the writable surface is handed to user code, as AWS does.
const STREAM_METHODS = [
  'cork', 'destroy', 'end', 'uncork', 'write',
  'addListener', 'emit', 'eventNames', 'getMaxListeners', 'listenerCount', 'listeners', 'off', 'on', 'once',
  'prependListener', 'prependOnceListener', 'rawListeners', 'removeAllListeners', 'removeListener', 'setMaxListeners',
  'setContentType',
];
const READ_WRITE_PROPS = ['destroyed', 'writable', '_onBeforeFirstWrite'];
const READ_ONLY_PROPS = [
  'writableFinished', 'writableObjectMode', 'writableBuffer', 'writableEnded', 'writableNeedDrain',
  'writableHighWaterMark', 'writableCorked', 'writableLength',
];

function writableOnly(inner) {
  const stream = {};
  for (const method of STREAM_METHODS) stream[method] = inner[method].bind(inner);
  for (const prop of READ_WRITE_PROPS) {
    Object.defineProperty(stream, prop, { get: () => inner[prop], set: (value) => (inner[prop] = value) });
  }
  for (const prop of READ_ONLY_PROPS) Object.defineProperty(stream, prop, { get: () => inner[prop] });
  return stream;
}

/**
 * Returns { responseStream, responseDone, fail }: the handler's writable, a promise settled when the
 * Runtime API has answered the POST, and fail(error) which ends the stream with the error trailers.
 */
export function createResponseStream(client, requestId) {
  let written = false;
  let resolveDone;
  let rejectDone;
  const responseDone = new Promise((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const req = client.streamingRequest(
    requestId,
    {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      Trailer: [ERROR_TYPE_HEADER, ERROR_BODY_TRAILER],
      'Content-Type': DEFAULT_CONTENT_TYPE,
      'Transfer-Encoding': 'chunked',
    },
    (res) => {
      res.on('data', () => {});
      res.on('aborted', (error) => {
        rejectDone(error);
        req.destroy(error);
      });
      res.on('end', () => resolveDone());
    },
  );
  req.on('error', (error) => {
    rejectDone(error);
    req.destroy(error);
  });

  req.setContentType = (contentType) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    req.setHeader('Content-Type', contentType);
  };

  const rawWrite = req.write.bind(req);
  const rawEnd = req.end.bind(req);
  req.write = (chunk, encoding, callback) => {
    let data = chunk;
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && chunk?.constructor !== Uint8Array) {
      data = JSON.stringify(chunk);
    }
    if (!written && typeof req._onBeforeFirstWrite === 'function') req._onBeforeFirstWrite((bytes) => rawWrite(bytes));
    written = true;
    return rawWrite(data, encoding, callback);
  };
  // end(chunk) goes through write so a final-and-only chunk still gets the HTTP prelude.
  req.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') return rawEnd(chunk);
    if (chunk !== undefined && chunk !== null) {
      req.write(chunk, typeof encoding === 'string' ? encoding : undefined);
      return rawEnd(typeof encoding === 'function' ? encoding : callback);
    }
    return rawEnd(typeof encoding === 'function' ? encoding : callback);
  };

  const fail = (error) =>
    new Promise((resolve) => {
      if (req.writableEnded || req.destroyed) return resolve();
      const rapid = toRapidResponse(error);
      req.addTrailers({
        [ERROR_TYPE_HEADER]: rapid.errorType,
        [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(rapid)).toString('base64'),
      });
      rawEnd(resolve);
    });

  return { responseStream: writableOnly(req), responseDone, fail };
}

export class HttpResponseStream {
  /** Marks the stream as an HTTP integration response: JSON prelude, then 8 NUL bytes, then the body. */
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}
