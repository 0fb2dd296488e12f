/**
 * Reads the Lambda API as @aws-sdk/client-lambda carries it: the schemas it exports (operations, routes,
 * status codes, structures, members and their HTTP bindings), its enums, and each command's documented
 * errors (the schemas do not list them; the command's type declarations do). The SDK has no length,
 * pattern or range constraints and names no scalar shapes: scripts/model-source.ts takes those from
 * botocore and scripts/model-additions.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const NAMESPACE = 'com.amazonaws.lambda';

/** What a member points at, as far as the SDK says. */
export type SdkTarget =
  | { kind: 'simple'; code: number; name?: string }
  | { kind: 'list'; name?: string; member: SdkTarget }
  | { kind: 'map'; name?: string; value: SdkTarget }
  | { kind: 'structure'; name: string };

/** A member's HTTP binding, in botocore's terms. */
export interface SdkBinding { location?: string; locationName?: string; payload?: boolean }

export interface SdkMember { name: string; target: SdkTarget; binding: SdkBinding }

export interface SdkStructure {
  name: string;
  kind: 'structure' | 'error' | 'union';
  members: SdkMember[];
  required: string[];
  status?: number;
  /** For errors: whose fault the model says it is. */
  fault?: 'client' | 'server';
}

export interface SdkOperation { method: string; requestUri: string; status: number; input: string | null; output: string | null; errors: string[] }

export interface SdkModel {
  version: string;
  operations: Record<string, SdkOperation>;
  structures: Record<string, SdkStructure>;
  enums: Record<string, string[]>;
}

type Schema = readonly unknown[];
type SchemaRef = number | string | (() => unknown) | Schema;

const SCHEMA_KIND = { simple: 0, list: 1, map: 2, structure: 3, error: -3, union: 4, operation: 9 } as const;
const LIST_MODIFIER = 64;
const MAP_MODIFIER = 128;
/** The order of smithy's bit-packed member traits (see @smithy/core's translateTraits). */
const TRAIT_BITS = ['httpLabel', 'idempotent', 'idempotencyToken', 'sensitive', 'httpPayload', 'httpResponseCode', 'httpQueryParams'];

function traitsOf(indicator: unknown): Record<string, unknown> {
  if (indicator && typeof indicator === 'object') return indicator as Record<string, unknown>;
  const traits: Record<string, unknown> = {};
  TRAIT_BITS.forEach((trait, bit) => { if (((Number(indicator) >> bit) & 1) === 1) traits[trait] = 1; });
  return traits;
}

function deref(ref: SchemaRef): number | string | Schema {
  return typeof ref === 'function' ? (ref() as number | string | Schema) : ref;
}

/** A member schema is either a bare reference or `[reference, traits]`. */
function splitMemberSchema(ref: SchemaRef): { ref: SchemaRef; traits: Record<string, unknown> } {
  if (Array.isArray(ref) && ref.length === 2 && typeof ref[1] !== 'string') return { ref: ref[0] as SchemaRef, traits: traitsOf(ref[1]) };
  return { ref, traits: {} };
}

function targetOf(ref: SchemaRef): SdkTarget {
  const schema = deref(ref);
  if (typeof schema === 'number') {
    if (schema >= MAP_MODIFIER) return { kind: 'map', value: { kind: 'simple', code: schema - MAP_MODIFIER } };
    if (schema >= LIST_MODIFIER) return { kind: 'list', member: { kind: 'simple', code: schema - LIST_MODIFIER } };
    return { kind: 'simple', code: schema };
  }
  if (typeof schema === 'string') throw new Error(`unexpected schema reference ${schema}`);
  const [kind, , name] = schema as [number, string, string];
  switch (kind) {
    case SCHEMA_KIND.simple: return { kind: 'simple', code: schema[4] as number, name };
    case SCHEMA_KIND.list: return { kind: 'list', name, member: targetOf(splitMemberSchema(schema[4] as SchemaRef).ref) };
    case SCHEMA_KIND.map: return { kind: 'map', name, value: targetOf(splitMemberSchema(schema[5] as SchemaRef).ref) };
    case SCHEMA_KIND.structure: case SCHEMA_KIND.error: case SCHEMA_KIND.union: return { kind: 'structure', name };
    default: throw new Error(`unexpected schema kind ${kind} for ${name}`);
  }
}

function bindingOf(member: string, traits: Record<string, unknown>): SdkBinding {
  if (traits.httpLabel) return { location: 'uri', locationName: member };
  if (typeof traits.httpQuery === 'string') return { location: 'querystring', locationName: traits.httpQuery };
  if (typeof traits.httpHeader === 'string') return { location: 'header', locationName: traits.httpHeader };
  if (typeof traits.httpPrefixHeaders === 'string') return { location: 'headers', locationName: traits.httpPrefixHeaders };
  if (traits.httpResponseCode) return { location: 'statusCode' };
  if (traits.httpPayload) return { payload: true };
  return {};
}

function readStructure(schema: Schema): SdkStructure {
  const [kind, , name, traits, memberNames, memberSchemas, requiredCount] =
    schema as [number, string, string, unknown, string[], SchemaRef[], number | undefined];
  const members = memberNames.map((member, i) => {
    const { ref, traits: memberTraits } = splitMemberSchema(memberSchemas[i]!);
    return { name: member, target: targetOf(ref), binding: bindingOf(member, memberTraits) };
  });
  const structure: SdkStructure = {
    name, kind: kind === SCHEMA_KIND.error ? 'error' : kind === SCHEMA_KIND.union ? 'union' : 'structure',
    members, required: memberNames.slice(0, requiredCount ?? 0),
  };
  const { httpError, error } = traitsOf(traits);
  if (typeof httpError === 'number') structure.status = httpError;
  if (error === 'client' || error === 'server') structure.fault = error;
  return structure;
}

/** The errors a command's declaration documents (`@throws {@link X}`), minus the SDK's own base class. */
function documentedErrors(typesDir: string, operation: string): string[] {
  const text = readFileSync(join(typesDir, 'commands', `${operation}Command.d.ts`), 'utf8');
  const errors = [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!);
  return [...new Set(errors)].filter((e) => e !== 'LambdaServiceException');
}

export function loadSdkModel(): SdkModel {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@aws-sdk/client-lambda');
  const packageDir = join(dirname(entry), '..');
  const typesDir = join(packageDir, 'dist-types');
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const exports = require(entry) as Record<string, unknown>;

  const operations: Record<string, SdkOperation> = {};
  const structures: Record<string, SdkStructure> = {};
  const enums: Record<string, string[]> = {};
  for (const [exportName, value] of Object.entries(exports)) {
    if (Array.isArray(value) && exportName.endsWith('$') && value[1] === NAMESPACE) {
      if (value[0] === SCHEMA_KIND.operation) {
        const [, , name, traits, input, output] = value as [number, string, string, { http: [string, string, number] }, SchemaRef, SchemaRef];
        const [method, requestUri, status] = traits.http;
        const shapeName = (ref: SchemaRef) => { const s = deref(ref); return Array.isArray(s) ? (s[2] as string) : null; };
        operations[name] = { method, requestUri, status, input: shapeName(input), output: shapeName(output), errors: documentedErrors(typesDir, name) };
      } else if (value[0] === SCHEMA_KIND.structure || value[0] === SCHEMA_KIND.error || value[0] === SCHEMA_KIND.union) {
        structures[value[2] as string] = readStructure(value);
      }
    } else if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && Object.values(value).every((v) => typeof v === 'string')) {
      enums[exportName] = Object.values(value as Record<string, string>);
    }
  }
  return { version, operations, structures, enums };
}
