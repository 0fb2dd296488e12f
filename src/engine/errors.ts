import type { LambdaError } from '../errors/base.js';
import { TooManyRequestsException } from '../errors/catalogue.js';

/** Largest synchronous response a runtime may post (6 MB plus the 100 bytes AWS allows on top). */
export const MAX_RESPONSE_BYTES = 6_291_556;

export type ThrottleReason = 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

export function throttled(reason: ThrottleReason): LambdaError {
  return new TooManyRequestsException('Rate Exceeded.', { fields: { Reason: reason } });
}

/** The error payload an invoke returns when the platform (not the function code) ended it. */
export function platformError(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

export function responseTooLarge(): Buffer {
  return Buffer.from(
    JSON.stringify({
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
      errorType: 'Function.ResponseSizeTooLarge',
    }),
  );
}

/** Go's names for signals, which Lambda's messages use ("signal: killed"). */
const SIGNAL_TEXT: Record<string, string> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGHUP: 'hangup',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGTRAP: 'trace/breakpoint trap',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

export function exitText(code: number | null, signal: NodeJS.Signals | null): string | undefined {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
  if (code === null || code === 0) return undefined;
  return `exit status ${code}`;
}
