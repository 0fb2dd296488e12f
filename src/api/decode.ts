/**
 * Turns an HTTP request into the typed input of its operation, following the model's bindings:
 * URI labels, query string, headers, and either a raw payload member or a JSON body.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MODEL } from '../model/model.generated.js';
import type { ShapeSpec } from '../model/model-types.js';
import { InvalidRequestContentException, SerializationException } from '../errors/catalogue.js';
import type { RouteMatch } from './router.js';
import { jacksonMessage } from '../errors/jackson.js';
import { checkBodyTypes } from './body-types.js';

/** Shapes that contain a blob somewhere below them (only those need walking after JSON.parse). */
const HAS_BLOB = new Set<string>();
(function findBlobShapes(): void {
  let changed = true;
  const contains = (shape: ShapeSpec): boolean => {
    const refs = [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {}).map((m) => m.shape)];
    return refs.some((r) => r !== undefined && (MODEL.shapes[r]!.type === 'blob' || HAS_BLOB.has(r)));
  };
  while (changed) {
    changed = false;
    for (const [name, shape] of Object.entries(MODEL.shapes)) {
      if (!HAS_BLOB.has(name) && contains(shape)) { HAS_BLOB.add(name); changed = true; }
    }
  }
})();

/** Shapes that contain a structure somewhere below them (their explicit nulls need dropping). */
const HAS_STRUCTURE = new Set<string>();
(function findStructureShapes(): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, shape] of Object.entries(MODEL.shapes)) {
      if (HAS_STRUCTURE.has(name)) continue;
      const refs = [shape.member, shape.value].filter((r): r is string => r !== undefined);
      if (shape.type === 'structure' || refs.some((r) => HAS_STRUCTURE.has(r))) { HAS_STRUCTURE.add(name); changed = true; }
    }
  }
})();

/**
 * Base64 strings of blob members become Buffers, and a structure member sent as an explicit `null`
 * reads as absent, as AWS's deserializer reads it (`"Environment": null` is no environment). Nulls
 * inside lists and maps stay: validation refuses them as AWS does.
 */
function fromJson(value: unknown, shapeName: string): unknown {
  const shape = MODEL.shapes[shapeName]!;
  if (shape.type === 'blob') return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  if (value === null || typeof value !== 'object' || (!HAS_BLOB.has(shapeName) && !HAS_STRUCTURE.has(shapeName))) return value;
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => fromJson(v, shape.member!));
  if (shape.type === 'map' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = fromJson(record[key], shape.value!);
  }
  if (shape.type === 'structure') {
    const record = value as Record<string, unknown>;
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (record[name] === null) delete record[name];
      else if (record[name] !== undefined) record[name] = fromJson(record[name], member.shape);
    }
  }
  return value;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const INT32 = 2 ** 31;

/**
 * Query and header values as the model types them. Text that is not one (`MaxItems=abc`, `1.5`, `NaN`,
 * an overflow) is malformed, and restJson1 answers malformed members with 400 SerializationException
 * before any constraint is checked.
 */
function scalarFromString(raw: string, shape: ShapeSpec): unknown {
  if (shape.type === 'integer' || shape.type === 'long') {
    const n = INTEGER_TEXT.test(raw) ? Number(raw) : NaN;
    const fits = shape.type === 'integer' ? n >= -INT32 && n < INT32 : Number.isSafeInteger(n);
    if (!fits) throw new SerializationException(`STRING_VALUE can not be converted to ${shape.type === 'integer' ? 'an Integer' : 'a Long'}`);
    return n;
  }
  if (shape.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new SerializationException('STRING_VALUE can not be converted to a Boolean');
    return raw === 'true';
  }
  return raw;
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestContentException(`Could not parse request body into json: ${jacksonMessage(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidRequestContentException(`Could not parse request body into json: Cannot deserialize value of the request structure from ${Array.isArray(parsed) ? 'Array' : 'a non-object'} value`);
  }
  return parsed as Record<string, unknown>;
}

/** An input member bound to the URI, the query or a header, with what reading it needs worked out once. */
interface BoundMember { name: string; location: 'uri' | 'querystring' | 'header'; wireName: string; headerName: string; shape: ShapeSpec }

const boundMembers = new Map<string, BoundMember[]>();

function boundMembersOf(shapeName: string, shape: ShapeSpec): BoundMember[] {
  let bound = boundMembers.get(shapeName);
  if (!bound) {
    bound = [];
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const location = member.location;
      if (location !== 'uri' && location !== 'querystring' && location !== 'header') continue;
      const wireName = member.locationName ?? name;
      bound.push({ name, location, wireName, headerName: wireName.toLowerCase(), shape: MODEL.shapes[member.shape]! });
    }
    boundMembers.set(shapeName, bound);
  }
  return bound;
}

export function decodeInput(route: RouteMatch, query: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer): Record<string, unknown> {
  if (!route.spec.input) return {};
  const shape = MODEL.shapes[route.spec.input]!;
  const payloadName = shape.payload;
  const payloadShape = payloadName ? MODEL.shapes[shape.members![payloadName]!.shape]! : undefined;
  let input: Record<string, unknown>;
  if (payloadName && payloadShape && payloadShape.type === 'blob') {
    input = body.length > 0 ? { [payloadName]: body } : {};
  } else if (payloadName) {
    const payloadShapeName = shape.members![payloadName]!.shape;
    const parsed = parseJsonBody(body);
    checkBodyTypes(parsed, payloadShapeName);
    input = { [payloadName]: fromJson(parsed, payloadShapeName) };
  } else {
    const parsed = parseJsonBody(body);
    checkBodyTypes(parsed, route.spec.input);
    input = fromJson(parsed, route.spec.input) as Record<string, unknown>;
  }
  for (const { name, location, wireName, headerName, shape: memberShape } of boundMembersOf(route.spec.input, shape)) {
    if (location === 'uri') {
      input[name] = route.labels[wireName];
    } else if (location === 'querystring') {
      if (memberShape.type === 'list') {
        const all = query.getAll(wireName);
        if (all.length) input[name] = all;
      } else {
        const raw = query.get(wireName);
        if (raw !== null) input[name] = scalarFromString(raw, memberShape);
      }
    } else {
      const raw = headers[headerName];
      if (typeof raw === 'string') input[name] = scalarFromString(raw, memberShape);
    }
  }
  return input;
}
