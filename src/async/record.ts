/** The invocation record AWS sends to destinations, and the error a dead-letter message carries. */
import type { Condition, InvocationRecord } from './delivery-state.js';

/** What is known about the last attempt: a run of the function, or the error that kept it from running. */
export interface AttemptResponse {
  statusCode: number;
  executedVersion?: string;
  functionError?: string;
  payload: Buffer;
}

/** Payloads are JSON when they can be read as JSON, and text otherwise. */
function parsed(payload: Buffer): unknown {
  if (payload.length === 0) return null;
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function invocationRecord(input: {
  requestId: string;
  functionArn: string;
  condition: Condition;
  invokes: number;
  requestPayload: Buffer;
  response: AttemptResponse;
  now?: Date;
}): InvocationRecord {
  const { response } = input;
  return {
    version: '1.0',
    timestamp: (input.now ?? new Date()).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokes,
    },
    requestPayload: parsed(input.requestPayload),
    responseContext: {
      statusCode: response.statusCode,
      ...(response.executedVersion !== undefined ? { executedVersion: response.executedVersion } : {}),
      ...(response.functionError !== undefined ? { functionError: response.functionError } : {}),
    },
    responsePayload: parsed(response.payload),
  };
}

/** The ErrorMessage attribute of a dead-letter message: the function's errorMessage when it gave one. */
export function deadLetterMessage(response: AttemptResponse, condition: Condition): string {
  const body = parsed(response.payload);
  if (body && typeof body === 'object' && typeof (body as { errorMessage?: unknown }).errorMessage === 'string') {
    const message = (body as { errorMessage: string }).errorMessage;
    if (message) return message;
  }
  return response.functionError ?? condition;
}
