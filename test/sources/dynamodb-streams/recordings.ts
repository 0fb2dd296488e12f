/**
 * The DynamoDB Streams events AWS delivered, from LocalStack's recorded AWS snapshots, and a comparison
 * that takes their normalised placeholders (`<region>`, `<sequence-number:1>`, `111111111111`) as "any
 * value of this kind": key order and every other value must be as recorded.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const FILE = '/work/shared/reference/aws-recorded/esm_dynamodbstreams.snapshot.json';
const PREFIX = 'tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_dynamodbstreams.py::TestDynamoDBEventSourceMapping::';

let snapshots: Record<string, { 'recorded-content': Record<string, any> }> | undefined;

export function recorded(test: string): Record<string, any> {
  snapshots ??= JSON.parse(readFileSync(FILE, 'utf8')) as NonNullable<typeof snapshots>;
  const entry = snapshots[PREFIX + test];
  if (!entry) throw new Error(`no recording named ${test}`);
  return entry['recorded-content'];
}

const PLACEHOLDER = /<[^<>]+>|111111111111/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matchesText(actual: unknown, expected: string): boolean {
  const wholePlaceholder = expected.replace(PLACEHOLDER, '') === '';
  if (wholePlaceholder) return typeof actual === 'string' ? actual.length > 0 : typeof actual === 'number';
  if (typeof actual !== 'string') return false;
  const pattern = expected.split(PLACEHOLDER).map(escapeRegex).join('.+');
  return new RegExp(`^${pattern}$`).test(actual);
}

/** Item attributes come in the table's own order, which is not the record's to keep. */
const ATTRIBUTE_MAPS: ReadonlySet<string> = new Set(['Keys', 'NewImage', 'OldImage', 'M']);

/**
 * Asserts `actual` has the recorded shape: the same keys in the same order (in any order within an
 * item's attributes), values equal or matching placeholders. Keys in `ignore` are left out on both sides.
 */
export function assertLikeRecording(actual: unknown, expected: unknown, path = '$', ignore: ReadonlySet<string> = new Set()): void {
  if (typeof expected === 'string' && PLACEHOLDER.test(expected)) {
    PLACEHOLDER.lastIndex = 0;
    assert.ok(matchesText(actual, expected), `${path}: ${JSON.stringify(actual)} is not like ${JSON.stringify(expected)}`);
    return;
  }
  PLACEHOLDER.lastIndex = 0;
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertLikeRecording(actual[i], item, `${path}[${i}]`, ignore));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object, got ${JSON.stringify(actual)}`);
    const keys = Object.keys(expected).filter((k) => !ignore.has(k));
    const actualKeys = Object.keys(actual).filter((k) => !ignore.has(k));
    const inAnyOrder = ATTRIBUTE_MAPS.has(path.slice(path.lastIndexOf('.') + 1));
    assert.deepEqual(inAnyOrder ? actualKeys.sort() : actualKeys, inAnyOrder ? [...keys].sort() : keys, `${path}: keys`);
    for (const key of keys) assertLikeRecording((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, ignore);
    return;
  }
  assert.equal(actual, expected, path);
}
