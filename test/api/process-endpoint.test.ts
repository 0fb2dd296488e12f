// GET /_lambkin/process reports the server process's pid, CPU time and memory; with a credentials file
// only a signed request gets them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';

interface Figures { pid: number; cpuUsage: Record<string, number>; memoryUsage: Record<string, number> }

test('the endpoint answers the server\'s own pid, a CPU time that only grows, and its memory figures', async () => {
  const server = await startLambkin();
  const first = await fetch(`${server.url}/_lambkin/process`);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('content-type'), 'application/json');
  const a = await first.json() as Figures;
  const cmdline = readFileSync(`/proc/${a.pid}/cmdline`, 'utf8').split('\0');
  assert.ok(cmdline.includes('serve') && cmdline.includes(server.dataDir), `pid ${a.pid} is not the server: ${cmdline.join(' ')}`);
  assert.deepEqual(Object.keys(a.cpuUsage).sort(), ['system', 'user']);
  assert.deepEqual(Object.keys(a.memoryUsage).sort(), ['arrayBuffers', 'external', 'heapTotal', 'heapUsed', 'rss']);
  assert.ok(a.cpuUsage.user! > 0 && a.memoryUsage.rss! > 0);
  const b = await (await fetch(`${server.url}/_lambkin/process`)).json() as Figures;
  assert.equal(b.pid, a.pid);
  assert.ok(b.cpuUsage.user! + b.cpuUsage.system! >= a.cpuUsage.user! + a.cpuUsage.system!);
});

test('with a credentials file an unsigned request is refused and a signed one answered', async () => {
  const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
  writeFileSync(credentials, JSON.stringify({ AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' } }));
  const server = await startLambkin({ args: ['--credentials', credentials] });
  const unsigned = await fetch(`${server.url}/_lambkin/process`);
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  const signed = await rawRequest(server.url, { path: '/_lambkin/process', accessKeyId: 'AKIAOWNER', secretAccessKey: 'owner-secret' });
  assert.equal(signed.status, 200);
  assert.equal(typeof (signed.json() as Figures).pid, 'number');
});
