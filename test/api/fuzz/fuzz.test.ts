// Model-driven fuzzing: every operation of the model, each member given nulls, wrong types, values out
// of range, over-long text and malformed wire text. No answer may be a 5xx, except the 501
// NotImplementedException of operations Lambkin does not implement yet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, PublishLayerVersionCommand, PublishVersionCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { MODEL } from '../../../src/model/model.generated.js';
import { startLambkin } from '../../support/server.js';
import { rawRequest } from '../../support/raw-request.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { createEcho } from '../functions/fixtures.js';
import { FIXTURE, casesFor, seeded, type FuzzCase } from './cases.js';

/** Fixed, so every run sends the same requests; FUZZ_SEED explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** Operations that remove the fixtures run last, so the others meet the fixtures they name. */
const REMOVES = /^(Delete|Remove|Untag)/;

function show(c: FuzzCase, status: number, answer: string): string {
  const clip = (text: string | undefined, n: number) => (text === undefined ? '(none)' : text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text);
  return `${c.operation} ${c.member}: ${c.method} ${clip(c.path, 200)}\n  headers ${JSON.stringify(c.headers)}\n  body ${clip(c.body, 300)}\n  → ${status} ${clip(answer, 300)}`;
}

describe('fuzzing every operation of the model', async () => {
  const server = await startLambkin();
  const client = server.client();
  const zip = await makeZip(NODE_ECHO);
  await createEcho(client, FIXTURE);
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: FIXTURE });
  await client.send(new PublishVersionCommand({ FunctionName: FIXTURE }));
  await client.send(new CreateAliasCommand({ FunctionName: FIXTURE, Name: FIXTURE, FunctionVersion: '1' }));
  await client.send(new PublishLayerVersionCommand({ LayerName: FIXTURE, Content: { ZipFile: zip } }));

  const operations = Object.keys(MODEL.operations).sort((a, b) => Number(REMOVES.test(a)) - Number(REMOVES.test(b)) || (a < b ? -1 : 1));
  const random = seeded(SEED);
  const cases = operations.flatMap((operation) => casesFor(operation, zip.toString('base64'), random));

  it(`answers none of ${cases.length} malformed requests with a 5xx`, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of cases) {
      const res = await rawRequest(server.url, { method: c.method, path: c.path, headers: c.headers, ...(c.body === undefined ? {} : { body: c.body }) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const unimplemented = res.status === 501 && res.headers['x-amzn-errortype'] === 'NotImplementedException';
      if (res.status >= 500 && !unimplemented) failures.push(show(c, res.status, res.body.toString('utf8')));
    }
    console.log(`statuses: ${JSON.stringify([...statuses].sort())}`);
    assert.deepEqual(failures, [], `${failures.length} requests answered 5xx:\n${failures.join('\n')}`);
    assert.doesNotMatch(server.output(), /lambkin: unexpected error/, 'no request failed inside the server either');
    // The cases reach the handlers too, not only the front door's refusals.
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) > operations.length / 2, JSON.stringify([...statuses]));
  });
});
