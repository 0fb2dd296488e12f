/** An event source mapping through boto3 and the AWS CLI v2, with their exact outputs. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { arnOf, createEcho } from '../functions/fixtures.js';
import { mappingArn, motoSources, UUID } from './fixtures.js';

const run = promisify(execFile);
const moto = await startMoto();
const server = await startLambkin({ env: moto.env });
const client = server.client();
const sources = motoSources(moto);
const SCRIPT = new URL('../../spot/boto3_esm.py', import.meta.url).pathname;
await createEcho(client, 'spot');
const [BOTO_QUEUE, CLI_STREAM] = await Promise.all([sources.queue('boto'), sources.stream('cli')]);

describe('other clients', { concurrency: true }, () => {
  it('boto3: create, get, update, list, tag, delete', async () => {
    const { stdout } = await run('python3', [SCRIPT, server.url, 'spot', BOTO_QUEUE]);
    assert.deepEqual(JSON.parse(stdout), {
      created: [202, 'Creating', 'USER_INITIATED', 5, [], true, 'datetime'], got: 'Enabled', updated: [202, 'Disabling'],
      listed: [true], tags: { team: 'spot' }, deleted: [202, 'Deleting'],
      missing: ['ResourceNotFoundException', 'The resource you requested does not exist.', 'User'],
    });
  });

  it('AWS CLI v2: create a Kinesis mapping, get it, list it, delete it', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: '000000000000', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const aws = async (...args: string[]) => (await run('/usr/bin/aws', ['lambda', ...args, '--endpoint-url', server.url, '--output', 'json'], { env })).stdout;
    const created = JSON.parse(await aws('create-event-source-mapping', '--function-name', 'spot', '--event-source-arn', CLI_STREAM,
      '--starting-position', 'TRIM_HORIZON', '--batch-size', '50', '--maximum-retry-attempts', '2'));
    assert.match(created.UUID, UUID);
    assert.match(created.LastModified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$/);
    assert.deepEqual(created, {
      UUID: created.UUID, StartingPosition: 'TRIM_HORIZON', BatchSize: 50, MaximumBatchingWindowInSeconds: 0, ParallelizationFactor: 1,
      EventSourceArn: CLI_STREAM, FunctionArn: arnOf('spot'), LastModified: created.LastModified, LastProcessingResult: 'No records processed',
      State: 'Creating', StateTransitionReason: 'User action', DestinationConfig: { OnFailure: {} }, MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false, MaximumRetryAttempts: 2, TumblingWindowInSeconds: 0, FunctionResponseTypes: [],
      // The CLI v2 of these machines (2.9) predates EventSourceMappingArn and leaves it out; a newer one shows it.
      ...(created.EventSourceMappingArn !== undefined ? { EventSourceMappingArn: mappingArn(created.UUID) } : {}),
    });
    let got = JSON.parse(await aws('get-event-source-mapping', '--uuid', created.UUID));
    for (const until = Date.now() + 30_000; got.State !== 'Enabled' && Date.now() < until;) {
      got = JSON.parse(await aws('get-event-source-mapping', '--uuid', created.UUID));
    }
    assert.deepEqual(got, { ...created, State: 'Enabled', LastModified: got.LastModified });
    const uuids = JSON.parse(await aws('list-event-source-mappings', '--function-name', 'spot', '--query', 'EventSourceMappings[].UUID'));
    assert.ok(uuids.includes(created.UUID));
    assert.equal(JSON.parse(await aws('delete-event-source-mapping', '--uuid', created.UUID)).State, 'Deleting');
    await assert.rejects(aws('get-event-source-mapping', '--uuid', '00000000-0000-4000-8000-000000000000'), (err: { stderr: string; code: number }) => {
      assert.equal(err.code, 254);
      assert.equal(err.stderr.trim(),
        'An error occurred (ResourceNotFoundException) when calling the GetEventSourceMapping operation: The resource you requested does not exist.');
      return true;
    });
  });
});
