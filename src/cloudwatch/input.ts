/**
 * Reads the members of a decoded request. Every protocol decodes to the same plain tree (objects,
 * arrays, strings, numbers, booleans, Dates); here they are checked against the model's shapes, and a
 * member of the wrong type is refused as AWS refuses it.
 */
import { invalidParameterValue, missingParameter, serializationError } from './errors.js';

export type Members = Record<string, unknown>;

export function members(value: unknown, path: string): Members {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) throw serializationError(`Expected a structure for ${path}.`);
  return value as Members;
}

export function optionalString(input: Members, name: string, path = name): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(`Expected a string for ${path}.`);
  return value;
}

export function requiredString(input: Members, name: string, path = name): string {
  const value = optionalString(input, name, path);
  if (value === undefined) throw missingParameter(path);
  return value;
}

export function optionalInteger(input: Members, name: string, path = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw invalidParameterValue(`The parameter ${path} must be an integer.`);
  return number;
}

export function requiredInteger(input: Members, name: string, path = name): number {
  const value = optionalInteger(input, name, path);
  if (value === undefined) throw missingParameter(path);
  return value;
}

export function optionalBoolean(input: Members, name: string, path = name): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  throw invalidParameterValue(`The parameter ${path} must be a boolean.`);
}

/** A timestamp: a Date from CBOR or the query protocol's ISO text, epoch seconds from JSON. */
export function requiredTimestamp(input: Members, name: string, path = name): number {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(path);
  const ms = value instanceof Date ? value.getTime()
    : typeof value === 'number' ? value * 1000
    : typeof value === 'string' ? Date.parse(value)
    : NaN;
  if (!Number.isFinite(ms)) throw invalidParameterValue(`The parameter ${path} must be a valid timestamp.`);
  return ms;
}

export function optionalList(input: Members, name: string, path = name): unknown[] {
  const value = input[name];
  // The query protocol sends an empty list as `Name=`.
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw serializationError(`Expected a list for ${path}.`);
  return value;
}
