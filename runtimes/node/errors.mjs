// Error types and wire formats of the Node.js runtime, named and shaped as AWS's own client does.
import { types } from 'node:util';

class RuntimeError extends Error {}

export class ImportModuleError extends RuntimeError {}
export class HandlerNotFound extends RuntimeError {}
export class MalformedHandlerName extends RuntimeError {}
export class UserCodeSyntaxError extends RuntimeError {}
export class MalformedStreamingHandler extends RuntimeError {}
export class InvalidStreamingOperation extends RuntimeError {}
export class NodeJsExit extends RuntimeError {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
export class UnhandledPromiseRejection extends RuntimeError {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}

// AWS names these errors "Runtime.<Class>"; the name lives on the prototype so stacks start with it.
// Written out, not read from the class: the bundle keeps no function names it does not need.
for (const [type, name] of [
  [ImportModuleError, 'ImportModuleError'],
  [HandlerNotFound, 'HandlerNotFound'],
  [MalformedHandlerName, 'MalformedHandlerName'],
  [UserCodeSyntaxError, 'UserCodeSyntaxError'],
  [MalformedStreamingHandler, 'MalformedStreamingHandler'],
  [InvalidStreamingOperation, 'InvalidStreamingOperation'],
  [NodeJsExit, 'NodeJsExit'],
  [UnhandledPromiseRejection, 'UnhandledPromiseRejection'],
]) {
  type.prototype.name = `Runtime.${name}`;
}

function looksLikeError(value) {
  return (
    Boolean(value) &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string' &&
    value.name !== '' &&
    value.message !== '' &&
    value.stack !== ''
  );
}

const DEL = /\x7F/g;

/** The body posted to /invocation/{id}/error and /init/error. */
export function toRapidResponse(error) {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      return {
        errorType: error.name?.replace(DEL, '%7F'),
        errorMessage: error.message?.replace(DEL, '%7F'),
        trace: error.stack.replace(DEL, '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

export function intoError(value) {
  return value instanceof Error ? value : new Error(value);
}

function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const out = Object.assign(
    { errorType: value.name, errorMessage: value.message, code: value.code },
    value,
  );
  if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
  return out;
}

/** The text-format log rendering of an error: a tab, then JSON with the non-enumerable fields made visible. */
export function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withEnumerableProperties(value));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}
