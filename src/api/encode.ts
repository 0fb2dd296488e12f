/**
 * Maps an operation's typed output, or a catalogue error, to AWS's wire form: status from the model,
 * header-bound members as headers, a raw payload member as the body, everything else as JSON.
 */
import { MODEL } from '../model/model.generated.js';
import type { MemberSpec, OperationSpec } from '../model/model-types.js';
import { LambdaError } from '../errors/base.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** A complete body, or chunks written as they come (response streaming). */
  body: Buffer | AsyncIterable<Uint8Array>;
}

const JSON_TYPE = 'application/json';

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in (value as object);
}

const membersOfShape = new Map<string, [string, MemberSpec][]>();

/** A shape's members in model order, listed once. */
function membersOf(shapeName: string): [string, MemberSpec][] {
  let members = membersOfShape.get(shapeName);
  if (!members) membersOfShape.set(shapeName, (members = Object.entries(MODEL.shapes[shapeName]!.members ?? {})));
  return members;
}

export function encodeOutput(spec: OperationSpec, output: unknown): WireResponse {
  const status = spec.status;
  if (!spec.output || output === undefined || output === null) {
    return { status, headers: {}, body: Buffer.alloc(0) };
  }
  const shape = MODEL.shapes[spec.output]!;
  const record = output as Record<string, unknown>;
  const headers: Record<string, string> = {};
  const json: Record<string, unknown> = {};
  let wireStatus = status;
  let payload: WireResponse['body'] | undefined;
  for (const [name, member] of membersOf(spec.output)) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    if (member.location === 'statusCode') wireStatus = value as number;
    else if (member.location === 'header') headers[member.locationName ?? name] = String(value);
    else if (name === shape.payload) {
      if (isAsyncIterable(value)) payload = value;
      else if (value instanceof Uint8Array) payload = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      else payload = Buffer.from(JSON.stringify(value));
    } else json[name] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
  }
  if (payload !== undefined) {
    headers['Content-Type'] ??= JSON_TYPE;
    return { status: wireStatus, headers, body: payload };
  }
  headers['Content-Type'] = JSON_TYPE;
  return { status: wireStatus, headers, body: Buffer.from(JSON.stringify(json)) };
}

export function encodeError(error: LambdaError): WireResponse {
  return {
    status: error.status,
    headers: { 'x-amzn-ErrorType': error.code, 'Content-Type': JSON_TYPE, ...error.headers },
    body: Buffer.from(JSON.stringify(error.body())),
  };
}
