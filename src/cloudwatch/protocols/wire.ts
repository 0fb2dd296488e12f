/** What every CloudWatch wire protocol turns a request into, and what it writes back. */
import type { CloudWatchError } from '../errors.js';
import type { Members } from '../input.js';

export interface WireRequest {
  method: string;
  rawPath: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Decoded {
  /** The operation named by the request; undefined when the request names none. */
  operation: string | undefined;
  input: Members;
}

export interface WireProtocol {
  readonly name: string;
  /** Whether this request is in this protocol (by header, path or content type). */
  matches(req: WireRequest): boolean;
  decode(req: WireRequest): Decoded;
  encodeOutput(operation: string, output: object, requestId: string): WireAnswer;
  encodeError(error: CloudWatchError, requestId: string): WireAnswer;
}

/** The modeled shape name JSON and CBOR answers name in `__type`. */
export const shapeType = (error: CloudWatchError) => `com.amazonaws.cloudwatch#${error.shape}`;

/** awsQueryCompatible: JSON and CBOR answers carry the query protocol's code, which clients report. */
export const queryErrorHeader = (error: CloudWatchError) => `${error.code};${error.fault}`;

export function headerValue(req: WireRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
