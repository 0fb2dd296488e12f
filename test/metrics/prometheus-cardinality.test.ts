/**
 * The cardinality cap: past LAMBKIN_METRICS_MAX_FUNCTION_VERSIONS distinct function versions, new ones
 * are counted under function="other", version="other" in their own account and region.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PublishVersionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { samples, scrape, value } from './exposition.js';

const base = { account: '000000000000', region: 'us-east-1' };
const server = await startLambkin({ env: { LAMBKIN_METRICS_MAX_FUNCTION_VERSIONS: '3' } });
const client = server.client();
const FILES = { 'index.js': 'exports.handler = async () => "ok";\n' };

test('the first three function versions keep their labels, later ones fold into "other"', async () => {
  await deploy(client, 'first', FILES);
  await deploy(client, 'second', FILES);
  await deploy(client, 'third', FILES);
  await client.send(new PublishVersionCommand({ FunctionName: 'first' }));
  await invoke(client, 'first');
  await invoke(client, 'second');
  await invoke(client, 'first', {}, { Qualifier: '1' });
  // Past the cap: the third function and a second invoke of a version that has its slot.
  await invoke(client, 'third');
  await invoke(client, 'third');
  await invoke(client, 'first', {}, { Qualifier: '1' });
  const s = await scrape(server.url);
  assert.deepEqual(samples(s, 'lambkin_invocations_total').map((x) => [x.labels.function, x.labels.version, x.value]).sort(), [
    ['first', '$LATEST', 1], ['first', '1', 2], ['other', 'other', 2], ['second', '$LATEST', 1],
  ]);
  assert.equal(value(s, 'lambkin_cold_starts_total', { ...base, function: 'other', version: 'other' }), 1);
  assert.equal(value(s, 'lambkin_duration_seconds_count', { ...base, function: 'other', version: 'other' }), 2);
  assert.equal(value(s, 'lambkin_environments', { ...base, function: 'other', version: 'other', state: 'idle' }), 1);
  assert.ok(s.samples.every((x) => x.labels.function !== 'third'), 'no series names the folded function');
});

test('the first 50 error types keep their names, later ones count as "other"', async () => {
  await deploy(client, 'namer', { 'index.js': 'exports.handler = async (event) => { const e = new Error("x"); e.name = event.name; throw e; };\n' });
  for (let i = 0; i < 52; i++) assert.equal((await invoke(client, 'namer', { name: `Kind${i}` })).functionError, 'Unhandled');
  // The function itself is past the cap of function versions.
  const errors = samples(await scrape(server.url), 'lambkin_errors_total', { function: 'other', version: 'other' });
  const byType = Object.fromEntries(errors.map((x) => [x.labels.error_type, x.value]));
  assert.deepEqual(byType, { ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`Kind${i}`, 1])), other: 2 });
});
