/**
 * Matching a parsed pattern against a candidate record. Fields are AND'ed, values in a list OR'ed. Arrays
 * in the record are looked through: a value list matches when any element does, and a nested pattern must
 * match one element as a whole (two fields matched in different elements of the same array do not count,
 * as EventBridge's array-consistent matching). Only leaf values (strings, numbers, booleans, null) are
 * tested, so `{"exists": false}` holds for a field whose value is an object.
 */
import { FilterPayload } from './payload.js';
import type { FieldPattern, ObjectPattern } from './pattern.js';
import type { ValueRule } from './rules.js';
import { isJsonObject, isLeaf, type Leaf } from './syntax.js';

export function matchesPattern(pattern: ObjectPattern, candidate: unknown): boolean {
  return matchObject(pattern, candidate);
}

function matchObject(pattern: ObjectPattern, value: unknown): boolean {
  if (!Array.isArray(value)) return matchObjectAt(pattern, value);
  const elements = value.flat(Infinity) as unknown[];
  if (elements.length === 0) return matchObjectAt(pattern, undefined);
  return elements.some((element) => matchObjectAt(pattern, element));
}

function matchObjectAt(pattern: ObjectPattern, value: unknown): boolean {
  const object = isJsonObject(value) ? value : undefined;
  for (const field of pattern.fields) {
    const child = object && Object.hasOwn(object, field.name) ? object[field.name] : undefined;
    if (!matchField(field, child)) return false;
  }
  return pattern.anyOf.every((branches) => branches.some((branch) => matchObjectAt(branch, value)));
}

function matchField(field: FieldPattern, value: unknown): boolean {
  if (value instanceof FilterPayload) {
    if (field.kind === 'object') return value.format === 'json' && matchObject(field.pattern, value.value);
    return value.format === 'text' && matchValues(field.rules, value.value);
  }
  return field.kind === 'object' ? matchObject(field.pattern, value) : matchValues(field.rules, value);
}

function matchValues(rules: readonly ValueRule[], value: unknown): boolean {
  const leaves = leavesOf(value);
  return rules.some((rule) => (rule.kind === 'exists' ? (leaves.length > 0) === rule.present : leaves.some(rule.test)));
}

function leavesOf(value: unknown): Leaf[] {
  if (isLeaf(value)) return [value];
  if (!Array.isArray(value)) return [];
  return (value.flat(Infinity) as unknown[]).filter(isLeaf);
}
