/**
 * Model constraints (required, length, range, pattern, enum) checked the way AWS's front end checks them,
 * producing its exact ValidationException text:
 * `1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must ...`.
 */
import { MODEL } from '../model/model.generated.js';
import type { MemberSpec, ShapeSpec } from '../model/model-types.js';
import { enumDisplay } from '../model/enum-display.js';
import { checkedShape } from './constraint-overrides.js';

export interface Violation { path: string; value: unknown; constraint: string; shape?: string }

const patternCache = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) patternCache.set(pattern, (re = new RegExp(`^(?:${pattern})$`, 's')));
  return re.test(value);
}

/** Java-style rendering of a value as AWS prints it inside `Value '...'`. */
export function renderValue(value: unknown, shape?: ShapeSpec): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const member = shape?.member ? checkedShape(shape.member) : undefined;
    return `[${value.map((v) => renderValue(v, member)).join(', ')}]`;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (typeof value === 'number' && (shape?.type === 'double' || shape?.type === 'float')) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }
  if (typeof value === 'object') {
    const valueShape = shape?.value ? checkedShape(shape.value) : undefined;
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${renderValue(v, valueShape)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

function limit(n: number, shape: ShapeSpec): string {
  return shape.type === 'double' || shape.type === 'float' ? (Number.isInteger(n) ? n.toFixed(1) : String(n)) : String(n);
}

/** Constraint texts a shape imposes (used for list members and map keys/values). */
function describe(shape: ShapeSpec, context: string, withNotNull: boolean): string[] {
  const out: string[] = [];
  const unit = shape.type === 'string' || shape.type === 'list' || shape.type === 'map' || shape.type === 'blob' ? 'length' : 'value';
  if (shape.max !== undefined) out.push(`Member must have ${unit} less than or equal to ${limit(shape.max, shape)}`);
  if (shape.min !== undefined) out.push(`Member must have ${unit} greater than or equal to ${limit(shape.min, shape)}`);
  if (shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum) out.push(`Member must satisfy enum value set: [${enumDisplay(context, shape).join(', ')}]`);
  if (withNotNull) out.push('Member must not be null');
  return out;
}

/** Violations of the value's own constraints (not of its members). */
function ownViolations(value: unknown, shape: ShapeSpec, context: string): string[] {
  const out: string[] = [];
  let size: number | undefined;
  if (typeof value === 'string') size = value.length;
  else if (Array.isArray(value)) size = value.length;
  else if (Buffer.isBuffer(value)) size = value.length;
  else if (shape.type === 'map' && value && typeof value === 'object') size = Object.keys(value).length;
  const unit = typeof value === 'number' ? 'value' : 'length';
  const measure = typeof value === 'number' ? value : size;
  if (measure !== undefined) {
    if (shape.max !== undefined && measure > shape.max) out.push(`Member must have ${unit} less than or equal to ${limit(shape.max, shape)}`);
    if (shape.min !== undefined && measure < shape.min) out.push(`Member must have ${unit} greater than or equal to ${limit(shape.min, shape)}`);
  }
  if (typeof value === 'string') {
    if (shape.pattern !== undefined && !fullMatch(shape.pattern, value)) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
    if (shape.enum && !enumDisplay(context, shape).includes(value)) out.push(`Member must satisfy enum value set: [${enumDisplay(context, shape).join(', ')}]`);
  }
  return out;
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * AWS reports the request's own members (body, query, headers) before the URI labels: GetFunction with a
 * bad Qualifier and a bad FunctionName lists `qualifier` first.
 */
const memberLists = new WeakMap<ShapeSpec, { nested: [string, MemberSpec][]; top: [string, MemberSpec][]; required: ReadonlySet<string> }>();

function memberListsOf(shape: ShapeSpec) {
  let lists = memberLists.get(shape);
  if (!lists) {
    const members = Object.entries(shape.members ?? {});
    const top = [...members.filter(([, m]) => m.location !== 'uri'), ...members.filter(([, m]) => m.location === 'uri')];
    memberLists.set(shape, (lists = { nested: members, top, required: new Set(shape.required ?? []) }));
  }
  return lists;
}

function membersInReportOrder(shape: ShapeSpec, path: string): [string, MemberSpec][] {
  const lists = memberListsOf(shape);
  return path === '' ? lists.top : lists.nested;
}

function check(value: unknown, shapeName: string, path: string, context: string, out: Violation[], skip: ReadonlySet<string>): void {
  const shape = checkedShape(shapeName);
  if (skip.has(path)) return;
  for (const constraint of ownViolations(value, shape, context)) out.push({ path, value, constraint, shape: shapeName });
  if (shape.type === 'structure' && value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const { required } = memberListsOf(shape);
    for (const [name, member] of membersInReportOrder(shape, path)) {
      const memberValue = record[name];
      const absent = memberValue === undefined || memberValue === null;
      if (absent && !required.has(name)) continue;
      const memberPath = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
      if (absent) {
        if (!skip.has(memberPath)) out.push({ path: memberPath, value: null, constraint: 'Member must not be null' });
        continue;
      }
      check(memberValue, member.shape, memberPath, `${context}.${name}`, out, skip);
    }
  } else if (shape.type === 'list' && Array.isArray(value)) {
    const memberShape = checkedShape(shape.member!);
    const bad = value.some((v) => v === null || v === undefined || ownViolations(v, memberShape, context).length > 0);
    if (bad) out.push({ path, value, shape: shapeName, constraint: `Member must satisfy constraint: [${describe(memberShape, context, true).join(', ')}]` });
    // Structures in a list are checked member by member, at AWS's `list.1.member.field` paths.
    if (memberShape.type === 'structure') {
      value.forEach((v, i) => {
        if (v && typeof v === 'object') check(v, shape.member!, `${path}.${i + 1}.member`, context, out, skip);
      });
    }
  } else if (shape.type === 'map' && value && typeof value === 'object') {
    const keyShape = checkedShape(shape.key!);
    const valueShape = checkedShape(shape.value!);
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([k]) => ownViolations(k, keyShape, context).length > 0)) {
      out.push({ path, value, shape: shapeName, constraint: `Map keys must satisfy constraint: [${describe(keyShape, context, false).join(', ')}]` });
    }
    if (entries.some(([, v]) => v === null || ownViolations(v, valueShape, context).length > 0)) {
      out.push({ path, value, shape: shapeName, constraint: `Map value must satisfy constraint: [${describe(valueShape, context, true).join(', ')}]` });
    }
  }
}

/** All violations of an operation's input, in the model's member order. */
export function findViolations(operation: string, input: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): Violation[] {
  const spec = MODEL.operations[operation]!;
  const out: Violation[] = [];
  if (spec.input) check(input, spec.input, '', operation, out, skip);
  return out;
}

export function formatViolations(violations: Violation[]): string {
  const head = violations.length === 1 ? '1 validation error detected: ' : `${violations.length} validation errors detected: `;
  return head + violations.map((v) => {
    const shown = v.value === null ? 'null' : `'${renderValue(v.value, v.shape ? checkedShape(v.shape) : undefined)}'`;
    return `Value ${shown} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
  }).join('; ');
}
