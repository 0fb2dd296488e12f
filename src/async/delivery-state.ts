/** What an event carries once its outcome is known: the record and the targets still to receive it. */

export type Condition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** AWS's invocation record, as destinations receive it. */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: Condition; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion?: string; functionError?: string };
  responsePayload: unknown;
}

export type DeliveryTarget =
  | { type: 'destination'; arn: string }
  /** A dead-letter queue or topic gets the original event, with the error as message attributes. */
  | { type: 'dead-letter'; arn: string; errorCode: string; errorMessage: string };

export interface PendingDelivery {
  record: InvocationRecord;
  pending: DeliveryTarget[];
  /** Delivery passes made so far; an unreachable target is given up after a few. */
  tries: number;
  /** Passes that found no AWS credentials to sign with: those targets wait for the server's setup. */
  credentialWaits?: number;
}

/** The last run's answer, kept with an event waiting for a retry (the record reports it if the event is given up). */
export interface StoredResponse {
  statusCode: number;
  executedVersion?: string;
  functionError?: string;
  payload: string; // base64
}
