/**
 * JSON values of the wrong type for the model's shape (`"MemorySize": "big"`, `"Timeout": true`, a list
 * where a map belongs) fail in AWS's deserializer, before any constraint is checked: 400
 * SerializationException, as restJson1 prescribes for malformed members. An explicit null reads as absent.
 */
import type { LambdaError } from '../errors/base.js';
import { SerializationException } from '../errors/catalogue.js';
import { MODEL } from '../model/model.generated.js';
import type { ShapeSpec } from '../model/model-types.js';

const INT32 = 2 ** 31;
const FLOAT_WORDS = new Set(['NaN', 'Infinity', '-Infinity']);

const TARGET: Record<string, string> = {
  integer: 'an Integer', long: 'a Long', double: 'a Double', float: 'a Float', boolean: 'a Boolean',
  string: 'a String', blob: 'a ByteBuffer', timestamp: 'a Date', structure: 'a Structure', map: 'a Map', list: 'a List',
};

function serializationError(message: string): LambdaError {
  return new SerializationException(message);
}

function token(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return 'BOOLEAN_VALUE';
}

/** Whether a scalar JSON value can stand for a scalar shape. */
function scalarFits(value: unknown, shape: ShapeSpec): boolean {
  switch (shape.type) {
    case 'string':
    case 'blob':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32;
    case 'long':
      return Number.isSafeInteger(value);
    case 'double':
    case 'float':
      return typeof value === 'number' || (typeof value === 'string' && FLOAT_WORDS.has(value));
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string';
    default:
      return false;
  }
}

function checkValue(value: unknown, shapeName: string): void {
  if (value === null || value === undefined) return;
  const shape = MODEL.shapes[shapeName]!;
  const container = shape.type === 'structure' || shape.type === 'map';
  if (Array.isArray(value)) {
    if (shape.type !== 'list') throw serializationError('Start of list found where not expected');
    for (const item of value) checkValue(item, shape.member!);
    return;
  }
  if (typeof value === 'object') {
    if (!container) throw serializationError('Start of structure or map found where not expected.');
    if (shape.type === 'map') {
      for (const item of Object.values(value as Record<string, unknown>)) checkValue(item, shape.value!);
    } else {
      checkMembers(value as Record<string, unknown>, shape);
    }
    return;
  }
  if (!scalarFits(value, shape)) throw serializationError(`${token(value)} can not be converted to ${TARGET[shape.type] ?? 'the expected type'}`);
}

/** Checks the body members of a structure (members bound to the URI, query or headers are not in the body). */
function checkMembers(record: Record<string, unknown>, shape: ShapeSpec): void {
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (member.location !== undefined) continue;
    checkValue(record[name], member.shape);
  }
}

/** Throws AWS's SerializationException for the first body value whose JSON type the shape cannot take. */
export function checkBodyTypes(body: Record<string, unknown>, shapeName: string): void {
  checkValue(body, shapeName);
}
