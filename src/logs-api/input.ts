/**
 * Reads the members of a request body against the CloudWatch Logs model's constraints: a wrong JSON
 * type is a SerializationException, a broken constraint AWS's "1 validation error detected" sentence.
 */
import { constraintFailed, serialization } from './errors.js';

export type Body = Record<string, unknown>;

interface StringRule { min?: number; max?: number; pattern?: string; required?: boolean; enum?: readonly string[] }
interface NumberRule { min?: number; max?: number; required?: boolean }

export const LOG_GROUP_NAME: StringRule = { min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' };
export const LOG_GROUP_IDENTIFIER: StringRule = { min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' };
export const LOG_STREAM_NAME: StringRule = { min: 1, max: 512, pattern: '[^:*]*' };
export const NEXT_TOKEN: StringRule = { min: 1 };

const compiled = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(`^(?:${pattern})$`, 'u')));
  return re.test(value);
}

export function str(body: Body, name: string, rule: StringRule & { required: true }): string;
export function str(body: Body, name: string, rule?: StringRule): string | undefined;
export function str(body: Body, name: string, rule: StringRule = {}): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (rule.required) throw constraintFailed(name, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw serialization(`Unexpected value for member '${name}': a string was expected`);
  const length = [...value].length;
  if (rule.min !== undefined && length < rule.min) throw constraintFailed(name, value, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && length > rule.max) throw constraintFailed(name, value, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern !== undefined && !fullMatch(rule.pattern, value)) throw constraintFailed(name, value, `Member must satisfy regular expression pattern: ${rule.pattern}`);
  if (rule.enum && !rule.enum.includes(value)) throw constraintFailed(name, value, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
  return value;
}

export function int(body: Body, name: string, rule: NumberRule & { required: true }): number;
export function int(body: Body, name: string, rule?: NumberRule): number | undefined;
export function int(body: Body, name: string, rule: NumberRule = {}): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (rule.required) throw constraintFailed(name, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(`Unexpected value for member '${name}': an integer was expected`);
  if (rule.min !== undefined && value < rule.min) throw constraintFailed(name, value, `Member must have value greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) throw constraintFailed(name, value, `Member must have value less than or equal to ${rule.max}`);
  return value;
}

export function bool(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serialization(`Unexpected value for member '${name}': a boolean was expected`);
  return value;
}

export function strList(body: Body, name: string, rule: { min: number; max: number; item: StringRule }): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization(`Unexpected value for member '${name}': a list was expected`);
  if (value.length < rule.min) throw constraintFailed(name, value, `Member must have length greater than or equal to ${rule.min}`);
  if (value.length > rule.max) throw constraintFailed(name, value, `Member must have length less than or equal to ${rule.max}`);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw serialization(`Unexpected value for member '${name}': a list of strings was expected`);
    return str({ [`${name}.${i + 1}.member`]: item }, `${name}.${i + 1}.member`, rule.item)!;
  });
}
