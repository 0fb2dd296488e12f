/**
 * Builds the Lambda API model from the newest information at hand and renders the two checked-in
 * generated files: the runtime model (routes, bindings, constraints) and the TypeScript types.
 *
 * botocore's service-2.json is the base: it names every shape and carries the length, pattern and range
 * constraints. @aws-sdk/client-lambda is newer and decides what exists: its operations, routes and status
 * codes, structures, members (with their bindings and which are required) and enum values replace or
 * extend botocore's. What the SDK adds without a botocore counterpart takes its shape and constraints
 * from scripts/model-additions.ts (AWS's API reference); a new member with no entry there stops the
 * generator, so nothing arrives unconstrained by accident.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ADDED_MEMBER_SHAPES, ADDED_SHAPES } from './model-additions.js';
import { loadSdkModel, type SdkModel, type SdkStructure, type SdkTarget } from './sdk-model.js';

interface RawMember { shape: string; location?: string; locationName?: string; jsonvalue?: boolean; idempotencyToken?: boolean }
export interface RawShape {
  type: string; members?: Record<string, RawMember>; required?: string[]; payload?: string;
  member?: { shape: string }; key?: { shape: string }; value?: { shape: string };
  min?: number; max?: number; pattern?: string; enum?: string[];
  error?: { httpStatusCode: number }; exception?: boolean; streaming?: boolean; eventstream?: boolean; event?: boolean;
  sensitive?: boolean;
}
interface RawOperation {
  name: string; http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[];
}
export interface RawModel { metadata: Record<string, unknown>; operations: Record<string, RawOperation>; shapes: Record<string, RawShape> }

export function botocoreModelPath(): string {
  const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' }).trim();
  return `${dir}/data/lambda/2015-03-31/service-2.json.gz`;
}

export function loadBotocoreModel(path = botocoreModelPath()): RawModel {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as RawModel;
}

/** The model the generated files are rendered from: botocore merged with the SDK (see the top of this file). */
export function loadModel(): RawModel {
  return mergeModels(loadBotocoreModel(), loadSdkModel());
}

/** The botocore shape types each SDK simple-type code may stand for. */
const SIMPLE_TYPES: Record<number, string[]> = {
  0: ['string'], 1: ['integer', 'long', 'double', 'float'], 2: ['boolean'],
  4: ['timestamp'], 5: ['timestamp'], 6: ['timestamp'], 7: ['timestamp'],
  15: ['structure'], 21: ['blob'], 42: ['blob'],
};

function checkCompatible(shapes: Record<string, RawShape>, shapeName: string, target: SdkTarget, where: string): void {
  const shape = shapes[shapeName];
  if (!shape) throw new Error(`${where}: shape ${shapeName} exists neither in botocore nor in scripts/model-additions.ts`);
  const sdkType = target.kind === 'simple' ? (SIMPLE_TYPES[target.code] ?? [`type ${target.code}`]).join('/') : target.kind;
  const fail = (): never => { throw new Error(`${where}: the SDK's ${sdkType} does not fit shape ${shapeName} (${shape.type})`); };
  switch (target.kind) {
    case 'structure': if (shape.type !== 'structure') fail(); return;
    case 'list': if (shape.type !== 'list') fail(); checkCompatible(shapes, shape.member!.shape, target.member, `${where}[]`); return;
    case 'map': if (shape.type !== 'map') fail(); checkCompatible(shapes, shape.value!.shape, target.value, `${where}{}`); return;
    case 'simple': if (!(SIMPLE_TYPES[target.code] ?? []).includes(shape.type)) fail();
  }
}

/** The shape a member botocore does not have targets. */
function shapeForNewMember(shapes: Record<string, RawShape>, structure: SdkStructure, member: string, target: SdkTarget): string {
  const where = `${structure.name}.${member}`;
  const listed = ADDED_MEMBER_SHAPES[where];
  if (listed) return listed;
  if (target.kind === 'structure') return target.name;
  if (target.name && shapes[target.name]) return target.name;
  // Exceptions carry plain Type and message strings, as every botocore exception does.
  if (structure.kind === 'error' && target.kind === 'simple' && target.code === 0) return 'String';
  throw new Error(`${where} is new in the SDK and has no shape: add it to scripts/model-additions.ts with AWS's constraints`);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function mergeStructure(shapes: Record<string, RawShape>, structure: SdkStructure): void {
  // botocore's shape, or the empty placeholder mergeModels made for a structure new in the SDK.
  const existing = shapes[structure.name]!;
  if (existing.type !== 'structure') throw new Error(`${structure.name}: a structure in the SDK, a ${existing.type} in botocore`);
  const members: Record<string, RawMember> = {};
  const sdkMembers = new Map(structure.members.map((m) => [m.name, m]));
  // botocore's members first, in botocore's order, then the SDK's additions in the SDK's order.
  const order = [...Object.keys(existing.members ?? {}).filter((m) => sdkMembers.has(m)), ...structure.members.map((m) => m.name).filter((m) => !existing.members?.[m])];
  let payload: string | undefined;
  for (const name of order) {
    const sdkMember = sdkMembers.get(name)!;
    const where = `${structure.name}.${name}`;
    const botocoreMember = existing.members?.[name];
    const member: RawMember = botocoreMember ? { ...botocoreMember } : { shape: shapeForNewMember(shapes, structure, name, sdkMember.target) };
    if (structure.kind !== 'union') {
      delete member.location; delete member.locationName;
      if (sdkMember.binding.location) member.location = sdkMember.binding.location;
      if (sdkMember.binding.locationName) member.locationName = sdkMember.binding.locationName;
    }
    if (sdkMember.binding.payload) payload = name;
    checkCompatible(shapes, member.shape, sdkMember.target, where);
    members[name] = member;
  }
  const shape: RawShape = { ...existing, members };
  const required = existing.required && sameSet(existing.required, structure.required) ? existing.required : structure.required;
  if (required.length) shape.required = required; else delete shape.required;
  if (payload) shape.payload = payload; else if (structure.kind !== 'union') delete shape.payload;
  if (structure.kind === 'error') {
    shape.exception = true;
    shape.error = { ...existing.error, httpStatusCode: structure.status! };
  }
  shapes[structure.name] = shape;
}

export function mergeModels(botocore: RawModel, sdk: SdkModel): RawModel {
  const shapes: Record<string, RawShape> = structuredClone(botocore.shapes);
  for (const [name, shape] of Object.entries(ADDED_SHAPES)) shapes[name] ??= structuredClone(shape);
  for (const [name, values] of Object.entries(sdk.enums)) {
    const shape = shapes[name] ??= { type: 'string', enum: [] };
    if (shape.type !== 'string') throw new Error(`${name}: an enum in the SDK, a ${shape.type} in botocore`);
    shape.enum = [...(shape.enum ?? []).filter((v) => values.includes(v)), ...values.filter((v) => !shape.enum?.includes(v))];
  }
  const structures = Object.values(sdk.structures).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const structure of structures) {
    if (!shapes[structure.name] && structure.kind === 'union') throw new Error(`${structure.name}: a new union in the SDK, which this generator does not render`);
  }
  // Every new structure exists before any member is resolved, so members can point at one another's.
  for (const structure of structures) shapes[structure.name] ??= { type: 'structure', members: {} };
  for (const structure of structures) mergeStructure(shapes, structure);

  const operations: Record<string, RawOperation> = {};
  for (const name of Object.keys(sdk.operations).sort()) {
    const op = sdk.operations[name]!;
    const errors = botocore.operations[name]?.errors?.map((e) => e.shape).filter((e) => op.errors.includes(e)) ?? [];
    for (const error of op.errors) if (!errors.includes(error)) errors.push(error);
    for (const error of errors) if (!shapes[error]?.exception) throw new Error(`${name} documents ${error}, which is no exception of the model`);
    const merged: RawOperation = { name, http: { method: op.method, requestUri: op.requestUri, responseCode: op.status }, errors: errors.map((shape) => ({ shape })) };
    if (op.input) merged.input = { shape: op.input };
    if (op.output) merged.output = { shape: op.output };
    operations[name] = merged;
  }
  return { metadata: botocore.metadata, operations, shapes };
}

const HEADER = '// Generated by scripts/generate-model.ts from botocore\'s Lambda service-2.json, @aws-sdk/client-lambda and scripts/model-additions.ts. Do not edit.\n';

/** Splits `/2018-10-31/layers?find=LayerVersion` into its path and the literal query it requires. */
function splitUri(uri: string): { path: string; query: Record<string, string> } {
  const [path, qs] = uri.split('?');
  const query: Record<string, string> = {};
  if (qs) for (const part of qs.split('&')) { const [k, v = ''] = part.split('='); query[k!] = v; }
  return { path: path!, query };
}

function compactShape(shape: RawShape): Record<string, unknown> {
  const out: Record<string, unknown> = { type: shape.type };
  if (shape.members) {
    const members: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(shape.members)) {
      const cm: Record<string, unknown> = { shape: m.shape };
      if (m.location) cm.location = m.location;
      if (m.locationName) cm.locationName = m.locationName;
      if (m.jsonvalue) cm.jsonvalue = true;
      members[name] = cm;
    }
    out.members = members;
  }
  for (const key of ['required', 'payload', 'min', 'max', 'pattern', 'enum'] as const) {
    if (shape[key] !== undefined) out[key] = shape[key];
  }
  if (shape.member) out.member = shape.member.shape;
  if (shape.key) out.key = shape.key.shape;
  if (shape.value) out.value = shape.value.shape;
  if (shape.error) out.status = shape.error.httpStatusCode;
  if (shape.exception) out.exception = true;
  if (shape.streaming) out.streaming = true;
  if (shape.eventstream) out.eventstream = true;
  return out;
}

export function renderModel(model: RawModel): string {
  const operations: Record<string, unknown> = {};
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name]!;
    const { path, query } = splitUri(op.http.requestUri);
    operations[name] = {
      method: op.http.method, path, query, status: op.http.responseCode ?? 200,
      input: op.input?.shape ?? null, output: op.output?.shape ?? null,
      errors: (op.errors ?? []).map((e) => e.shape),
    };
  }
  const shapes: Record<string, unknown> = {};
  for (const name of Object.keys(model.shapes).sort()) shapes[name] = compactShape(model.shapes[name]!);
  return HEADER + "import type { ModelSpec } from './model-types.js';\n\n" +
    `export const MODEL: ModelSpec = ${JSON.stringify({ operations, shapes }, null, 1)};\n`;
}

const SCALAR_TS: Record<string, string> = {
  string: 'string', integer: 'number', long: 'number', double: 'number', float: 'number',
  boolean: 'boolean', blob: 'Uint8Array', timestamp: 'number',
};

function tsType(model: RawModel, shapeName: string): string {
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') return shapeName;
  if (shape.type === 'list') return `Array<${tsType(model, shape.member!.shape)}>`;
  if (shape.type === 'map') return `Record<${tsType(model, shape.key!.shape)}, ${tsType(model, shape.value!.shape)}>`;
  if (shape.type === 'string' && shape.enum) return shapeName;
  return SCALAR_TS[shape.type] ?? 'unknown';
}

export function renderTypes(model: RawModel): string {
  const lines: string[] = [HEADER];
  for (const name of Object.keys(model.shapes).sort()) {
    const shape = model.shapes[name]!;
    if (shape.type === 'string' && shape.enum) {
      lines.push(`export type ${name} = ${shape.enum.map((v) => JSON.stringify(v)).join(' | ')};\n`);
      continue;
    }
    if (shape.type !== 'structure') continue;
    const required = new Set(shape.required ?? []);
    lines.push(`export interface ${name} {`);
    for (const [member, m] of Object.entries(shape.members ?? {})) {
      lines.push(`  ${member}${required.has(member) ? '' : '?'}: ${tsType(model, m.shape)};`);
    }
    lines.push('}\n');
  }
  const ops = Object.keys(model.operations).sort();
  lines.push('export interface OperationInputs {');
  for (const op of ops) lines.push(`  ${op}: ${model.operations[op]!.input?.shape ?? 'Record<string, never>'};`);
  lines.push('}\n');
  lines.push('export interface OperationOutputs {');
  for (const op of ops) lines.push(`  ${op}: ${model.operations[op]!.output?.shape ?? 'void'};`);
  lines.push('}\n');
  lines.push(`export type OperationName = keyof OperationInputs;\n`);
  return lines.join('\n');
}

export const GENERATED_FILES = {
  model: 'src/model/model.generated.ts',
  types: 'src/model/types.generated.ts',
} as const;
