/**
 * Durability: Lambkin killed with SIGKILL while a DynamoDB Streams mapping is busy, records written
 * while it is down, then started again on the same data: every record reaches the function at least
 * once, and the first delivery of each is in stream order (none is skipped, none jumps ahead).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { EVENTUALLY_MS } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import { Tables, createMapping, deliveredIds, type DeliveredEvent } from './harness.js';
import { collectingFunction, startCollector } from './collector.js';

const moto = await startMoto();
const tables = new Tables(moto);
after(() => tables.destroy());
const collector = await startCollector();
const server = await startLambkin({ env: moto.env });
const client = server.client();

async function until(what: string, check: () => boolean, ms = EVENTUALLY_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time; got ${deliveredIds(collector.events()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function firstDeliveries(events: DeliveredEvent[]): string[] {
  const seen = new Set<string>();
  return deliveredIds(events).filter((id) => !seen.has(id) && (seen.add(id), true));
}

test('kill -9 mid-stream, writes while down, restart: no record skipped', async () => {
  const streamArn = await tables.create('durable');
  await deploy(client, 'durable-fn', collectingFunction(100), { environment: { COLLECTOR_URL: collector.url } });
  await createMapping(client, { FunctionName: 'durable-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3 });

  const ids = Array.from({ length: 40 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
  for (const id of ids.slice(0, 30)) await tables.put('durable', { id: { S: id } });
  await until('a few batches before the kill', () => deliveredIds(collector.events()).length >= 6);
  await server.stop('SIGKILL');
  const beforeKill = new Set(deliveredIds(collector.events()));
  assert.ok(beforeKill.size < 30, 'killed while records were still waiting');

  for (const id of ids.slice(30)) await tables.put('durable', { id: { S: id } });
  await server.restart();
  await until('every record after the restart', () => new Set(deliveredIds(collector.events())).size === ids.length, 90_000);

  assert.deepEqual(firstDeliveries(collector.events()), ids);
  // What ran twice is at most the batches in flight at the kill, never a replay from the start.
  const delivered = deliveredIds(collector.events());
  assert.ok(delivered.length - ids.length <= 6, `${delivered.length - ids.length} records ran again`);
});
