// console.* as AWS's Node.js runtime writes it: one record per call, tagged with time, request id and level,
// in the Text or JSON log format, to stdout (or the framed telemetry descriptor when one is handed over).
import { format } from 'node:util';
import { writeSync } from 'node:fs';
import { intoError, toFormatted } from './errors.mjs';

const LEVELS = {
  TRACE: { name: 'TRACE', priority: 1, tlvMask: 0b00100 },
  DEBUG: { name: 'DEBUG', priority: 2, tlvMask: 0b01000 },
  INFO: { name: 'INFO', priority: 3, tlvMask: 0b01100 },
  WARN: { name: 'WARN', priority: 4, tlvMask: 0b10000 },
  ERROR: { name: 'ERROR', priority: 5, tlvMask: 0b10100 },
  FATAL: { name: 'FATAL', priority: 6, tlvMask: 0b11000 },
};

const TEXT_FRAME = 0xa55a0003;
const JSON_FRAME = 0xa55a0002;

const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');

export function setCurrentRequestId(id) {
  globalThis[REQUEST_ID] = id;
}

function jsonErrorReplacer(_key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign(
    {
      errorType: value?.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
    },
    value,
  );
}

function jsonRecord(requestId, timestamp, level, params) {
  const record = { timestamp, level: level.name, requestId };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = format(record.message);
      return JSON.stringify(record);
    }
  }
  record.message = format(...params);
  const error = params.find((param) => param instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? 'UnknownError';
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(record);
}

function textRecord(requestId, timestamp, level, params) {
  return `${timestamp}\t${requestId}\t${level.name}\t${format(...params)}`;
}

function stdoutWriter(render) {
  // Multi-line messages stay one record: newlines become carriage returns, as in AWS.
  return (level, params) => {
    const line = render(globalThis[REQUEST_ID], new Date().toISOString(), level, params);
    process.stdout.write(line.replace(/\n/g, '\r') + '\n');
  };
}

function framedWriter(fd, render, frameType) {
  const header = Buffer.alloc(16);
  return (level, params) => {
    const now = new Date();
    const line = render(globalThis[REQUEST_ID], now.toISOString(), level, params);
    // Text frames end with a newline, JSON frames do not.
    const body = Buffer.from(frameType === TEXT_FRAME ? line + '\n' : line, 'utf8');
    header.writeUInt32BE((frameType | level.tlvMask) >>> 0, 0);
    header.writeInt32BE(body.length, 4);
    header.writeBigInt64BE(BigInt(now.valueOf()) * 1000n, 8);
    writeSync(fd, header);
    writeSync(fd, body);
  };
}

const isJson = () => process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';

/** Logs a runtime-side error ("Invoke Error", "Uncaught Exception", ...) the way AWS does for each format. */
export const structuredConsole = {
  logError(message, error) {
    if (isJson()) console.error(intoError(error));
    else console.error(message, toFormatted(intoError(error)));
  },
};

export function patchConsole() {
  const json = isJson();
  const render = json ? jsonRecord : textRecord;
  let write;
  const telemetryFd = process.env._LAMBDA_TELEMETRY_LOG_FD;
  if (telemetryFd != null) {
    delete process.env._LAMBDA_TELEMETRY_LOG_FD;
    write = framedWriter(parseInt(telemetryFd, 10), render, json ? JSON_FRAME : TEXT_FRAME);
  } else {
    write = stdoutWriter(render);
  }
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const logAt = (level) => (level.priority >= minimum.priority ? (message, ...params) => write(level, [message, ...params]) : () => {});
  console.trace = logAt(LEVELS.TRACE);
  console.debug = logAt(LEVELS.DEBUG);
  console.info = logAt(LEVELS.INFO);
  console.log = console.info;
  console.warn = logAt(LEVELS.WARN);
  console.error = logAt(LEVELS.ERROR);
  console.fatal = (message, ...params) => write(LEVELS.FATAL, [message, ...params]);
}
