/**
 * Provisioned concurrency really provisions: environments started ahead through their init, used first,
 * spilled beyond, replaced, released, and provisioned again after a restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand, DeleteProvisionedConcurrencyConfigCommand, GetProvisionedConcurrencyConfigCommand,
  InvokeCommand, PublishVersionCommand, PutProvisionedConcurrencyConfigCommand,
  type GetProvisionedConcurrencyConfigCommandOutput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { barrier } from '../../support/rendezvous.js';
import { reportFigures, until } from '../../support/timing.js';
import { makeZip } from '../../support/zip.js';
import { ROLE } from '../functions/fixtures.js';
import { settled } from '../versions/helpers.js';

/** Tells which environment answered, how it was started and when its module was loaded. */
const HANDLER = `
const http = require('node:http');
const loadedAt = Date.now();
const initType = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
const envId = require('node:crypto').randomUUID();
let invokes = 0;
if (process.env.FAIL_PROVISIONED_INIT === 'yes' && initType === 'provisioned-concurrency') {
  throw new Error('init fails when provisioned');
}
const meet = (url) => new Promise((resolve, reject) => http.get(url, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
exports.handler = async (event) => {
  invokes++;
  if (event.exit) process.exit(3);
  if (event.barrier) await meet(event.barrier);
  return { initType, loadedAt, envId, invokes };
};
`;

interface Answer { initType: string; loadedAt: number; envId: string; invokes: number }

const server = await startLambkin();
let client = server.client();

async function createVersioned(name: string, variables: Record<string, string> = {}): Promise<string> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Timeout: 30,
    Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) }, Environment: { Variables: variables },
  }));
  await settled(client, name);
  return (await client.send(new PublishVersionCommand({ FunctionName: name }))).Version!;
}

const put = (FunctionName: string, Qualifier: string, ProvisionedConcurrentExecutions: number) =>
  client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier, ProvisionedConcurrentExecutions }));
const get = (FunctionName: string, Qualifier: string) => client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));

/** Polls the config until `done`, returning every answer seen on the way. */
async function follow(name: string, qualifier: string, done: (c: GetProvisionedConcurrencyConfigCommandOutput) => boolean) {
  const seen: GetProvisionedConcurrencyConfigCommandOutput[] = [];
  await until(`config of ${name}:${qualifier} settles`, async () => {
    const c = await get(name, qualifier);
    seen.push(c);
    return done(c);
  });
  return seen;
}
const isReady = (count: number) => (c: GetProvisionedConcurrencyConfigCommandOutput) => c.Status === 'READY' && c.AllocatedProvisionedConcurrentExecutions === count;

async function invoke(name: string, qualifier: string, event: object = {}, tail = false) {
  const requestedAt = Date.now();
  const out = await client.send(new InvokeCommand({
    FunctionName: name, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify(event)), ...(tail ? { LogType: 'Tail' } : {}),
  }));
  const payload = JSON.parse(Buffer.from(out.Payload!).toString());
  const log = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString() : '';
  return { out, payload, answer: payload as Answer, requestedAt, log };
}

function allocation(c: GetProvisionedConcurrencyConfigCommandOutput) {
  return { Status: c.Status, Requested: c.RequestedProvisionedConcurrentExecutions, Allocated: c.AllocatedProvisionedConcurrentExecutions, Available: c.AvailableProvisionedConcurrentExecutions, StatusReason: c.StatusReason };
}

describe('provisioned environments', () => {
  it('start ahead through their init, IN_PROGRESS until up, then READY, and take the first invoke warm', async () => {
    const v = await createVersioned('ahead');
    const putAnswer = await put('ahead', v, 2);
    assert.deepEqual(allocation(putAnswer), { Status: 'IN_PROGRESS', Requested: 2, Allocated: 0, Available: 0, StatusReason: undefined });
    const seen = await follow('ahead', v, isReady(2));
    assert.equal(seen[0]!.Status, 'IN_PROGRESS');
    assert.ok(seen.every((c, i) => i === 0 || c.AllocatedProvisionedConcurrentExecutions! >= seen[i - 1]!.AllocatedProvisionedConcurrentExecutions!), 'allocation only counts up');
    assert.ok(seen.slice(0, -1).every((c) => c.Status === 'IN_PROGRESS'));
    assert.deepEqual(allocation(seen.at(-1)!), { Status: 'READY', Requested: 2, Allocated: 2, Available: 2, StatusReason: undefined });

    const first = await invoke('ahead', v, {}, true);
    assert.equal(first.answer.initType, 'provisioned-concurrency');
    assert.equal(first.answer.invokes, 1);
    assert.ok(first.answer.loadedAt < first.requestedAt, 'the module was loaded before the invoke was sent');
    // As on AWS, the first invoke of a provisioned environment shows the init that ran ahead, unbilled.
    const lines = first.log.split('\n');
    assert.match(lines[0]!, /^START RequestId: /);
    const report = reportFigures(lines.find((l) => l.startsWith('REPORT '))!);
    assert.ok(report.initDurationMs !== undefined, first.log);
    assert.equal(report.billedMs, Math.max(1, Math.ceil(report.durationMs)));
    const second = await invoke('ahead', v, {}, true);
    assert.equal(second.answer.envId, first.answer.envId, 'the warmest provisioned environment is reused');
    assert.equal(reportFigures(second.log.split('\n').find((l) => l.startsWith('REPORT '))!).initDurationMs, undefined);
    assert.equal((await invoke('ahead', '$LATEST')).answer.initType, 'on-demand');
  });

  it('serve invokes first and spill the ones beyond to on-demand environments', async () => {
    const meet = await barrier(3);
    const answers = await Promise.all([1, 2, 3].map(() => invoke('ahead', '1', { barrier: meet.url })));
    assert.deepEqual(answers.map((a) => a.answer.initType).sort(), ['on-demand', 'provisioned-concurrency', 'provisioned-concurrency']);
    assert.equal(new Set(answers.map((a) => a.answer.envId)).size, 3);
  });

  it('go with their config: the next invoke is on-demand', async () => {
    const provisioned = (await invoke('ahead', '1')).answer;
    assert.equal(provisioned.initType, 'provisioned-concurrency');
    await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'ahead', Qualifier: '1' }));
    // Released as the allocator follows the delete, as on AWS a moment after it answers.
    await until('the next invoke is on-demand', async () => (await invoke('ahead', '1')).answer.initType === 'on-demand');
    const after = (await invoke('ahead', '1')).answer;
    assert.equal(after.initType, 'on-demand');
    assert.notEqual(after.envId, provisioned.envId);
  });

  it('fail with AWS reason when their init fails, while invokes run on-demand', async () => {
    const v = await createVersioned('bad-init', { FAIL_PROVISIONED_INIT: 'yes' });
    await put('bad-init', v, 1);
    assert.equal((await invoke('bad-init', v)).answer.initType, 'on-demand');
    const seen = await follow('bad-init', v, (c) => c.Status !== 'IN_PROGRESS');
    assert.deepEqual(allocation(seen.at(-1)!), { Status: 'FAILED', Requested: 1, Allocated: 0, Available: 0, StatusReason: 'FUNCTION_ERROR_INIT_FAILURE' });
    assert.equal((await invoke('bad-init', v)).answer.initType, 'on-demand');
  });

  it('of an alias run its version, which the version shares', async () => {
    const v = await createVersioned('aliased');
    await client.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: v }));
    await put('aliased', 'live', 1);
    await follow('aliased', 'live', isReady(1));
    const viaAlias = await invoke('aliased', 'live');
    assert.equal(viaAlias.answer.initType, 'provisioned-concurrency');
    assert.equal(viaAlias.out.ExecutedVersion, v);
    const viaVersion = await invoke('aliased', v);
    assert.equal(viaVersion.answer.initType, 'provisioned-concurrency');
    assert.equal(viaVersion.answer.envId, viaAlias.answer.envId);

    // Moving the alias moves its environments: the new version gets them, the old one runs on-demand.
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'aliased', Description: 'second' }));
    await settled(client, 'aliased');
    const v2 = (await client.send(new PublishVersionCommand({ FunctionName: 'aliased' }))).Version!;
    await client.send(new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: v2 }));
    await until('the moved alias runs provisioned on its new version', async () => (await invoke('aliased', v2)).answer.initType === 'provisioned-concurrency');
    assert.equal((await invoke('aliased', v)).answer.initType, 'on-demand');

    // Deleting the alias releases them.
    await client.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'live' }));
    await until('the deleted alias leaves its version on-demand', async () => (await invoke('aliased', v2)).answer.initType === 'on-demand');
  });

  it('follow the count down and up', async () => {
    const v = await createVersioned('resized');
    await put('resized', v, 2);
    await follow('resized', v, isReady(2));
    await put('resized', v, 1);
    await follow('resized', v, isReady(1));
    const meet = await barrier(2);
    const two = await Promise.all([1, 2].map(() => invoke('resized', v, { barrier: meet.url })));
    assert.deepEqual(two.map((a) => a.answer.initType).sort(), ['on-demand', 'provisioned-concurrency']);
    const raised = await put('resized', v, 3);
    assert.equal(raised.Status, 'IN_PROGRESS');
    const seen = await follow('resized', v, isReady(3));
    assert.equal(seen[0]!.Status, 'IN_PROGRESS');
  });

  it('are replaced when one dies, and the config stays READY', async () => {
    const v = await createVersioned('replaced');
    await put('replaced', v, 1);
    await follow('replaced', v, isReady(1));
    const dead = (await invoke('replaced', v)).answer;
    const exit = await invoke('replaced', v, { exit: true });
    assert.equal(exit.out.FunctionError, 'Unhandled');
    assert.equal(exit.payload.errorType, 'Runtime.ExitError');
    assert.equal((await get('replaced', v)).Status, 'READY');
    await follow('replaced', v, isReady(1));
    const next = await invoke('replaced', v);
    assert.equal(next.answer.initType, 'provisioned-concurrency');
    assert.notEqual(next.answer.envId, dead.envId);
    assert.equal(next.answer.invokes, 1);
    assert.ok(next.answer.loadedAt < next.requestedAt);
  });

  it('are provisioned again when the server restarts', async () => {
    await server.restart();
    client = server.client();
    await follow('replaced', '1', isReady(1));
    const answer = await invoke('replaced', '1');
    assert.equal(answer.answer.initType, 'provisioned-concurrency');
    assert.ok(answer.answer.loadedAt < answer.requestedAt);
  });
});


