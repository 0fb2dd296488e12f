/**
 * Retention: an ended execution's records (the execution, its operations, events, callbacks and name) are
 * deleted once RetentionPeriodInDays have passed since it ended, also when that time passed while the
 * node was down. The service runs on a real store with a clock the test sets.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import { createDurableExecutions } from '../../src/durable/index.js';
import { executionArn, executionKey } from '../../src/durable/arn.js';
import {
  CALLBACK_KIND, EVENT_KIND, EXECUTION_KIND, EXECUTION_NAME_KIND, OPERATION_KIND, eventKey, executionNameKey, operationKey,
  type ExecutionDoc, type OperationDoc,
} from '../../src/durable/records.js';
import { until } from '../support/timing.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-retention-'));
const store = new SqliteMetadataStore(join(dir, 'lambkin.db'));
after(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });
const scope = { accountId: '000000000000', region: 'us-east-1' };
const DAY = 24 * 60 * 60 * 1000;

async function endedExecution(name: string, endedAt: number, days: number): Promise<string> {
  const key = executionKey('fn', '1', name, `${name}-id`);
  const exec: ExecutionDoc = {
    arn: executionArn(scope, key), name, id: `${name}-id`, functionName: 'fn', version: '1',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn:1', status: 'SUCCEEDED', input: '{}', result: '1',
    startedAt: endedAt - 1000, endedAt, expiresAt: endedAt + days * DAY,
    config: { ExecutionTimeout: 60, RetentionPeriodInDays: days }, dirty: [], nextEventId: 2, nextOrder: 2, failedInvocations: 0,
  };
  const callback: OperationDoc = {
    op: { Id: 'cb', Type: 'CALLBACK', Status: 'SUCCEEDED', StartTimestamp: endedAt - 500, CallbackDetails: { CallbackId: `${name}CB` } },
    order: 1,
  };
  await store.commit([
    { op: 'put', kind: EXECUTION_KIND, scope, key, parent: 'fn', doc: exec },
    { op: 'put', kind: OPERATION_KIND, scope, key: operationKey(key, 'cb'), parent: key, doc: callback },
    { op: 'put', kind: EVENT_KIND, scope, key: eventKey(key, 1), parent: key, doc: { EventType: 'ExecutionStarted', EventId: 1 } },
    { op: 'put', kind: CALLBACK_KIND, scope, key: `${name}CB`, parent: key, doc: { executionKey: key, operationId: 'cb' } },
    { op: 'put', kind: EXECUTION_NAME_KIND, scope, key: executionNameKey('fn', name), parent: 'fn', doc: { executionKey: key, input: '{}' } },
  ]);
  return key;
}

async function recordsOf(key: string, name: string): Promise<number> {
  return (await store.get(EXECUTION_KIND, scope, key) ? 1 : 0)
    + (await store.list(OPERATION_KIND, scope, { parent: key })).length
    + (await store.list(EVENT_KIND, scope, { parent: key })).length
    + (await store.get(CALLBACK_KIND, scope, `${name}CB`) ? 1 : 0)
    + (await store.get(EXECUTION_NAME_KIND, scope, executionNameKey('fn', name)) ? 1 : 0);
}

test('an execution past its retention is deleted with everything it kept; a younger one stays', async () => {
  const now = Date.UTC(2026, 0, 20);
  const expired = await endedExecution('old', now - 15 * DAY, 14);
  const kept = await endedExecution('young', now - 13 * DAY, 14);
  assert.equal(await recordsOf(expired, 'old'), 5);
  const service = createDurableExecutions({ store, code: undefined as never, engine: undefined as never }, () => now);
  after(() => service.stop());
  await service.recover();
  await until('the expired execution is gone', async () => (await recordsOf(expired, 'old')) === 0);
  assert.equal(await recordsOf(kept, 'young'), 5);
});
