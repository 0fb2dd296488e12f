// The console's own endpoints, through signed HTTP as the page sends it: saved test events, the code
// tree (paths that leave the package are refused), the async queue, the server-sent log tail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { DeleteFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { NODE_ECHO } from '../support/zip.js';
import { until } from '../support/timing.js';
import { signedFetch } from './signed-fetch.js';

// A failed async run waits ten minutes for its retry: long enough to be seen in the queue.
const server = await startLambkin({ env: { LAMBKIN_ASYNC_RETRY_BASE_DELAY: '600' } });
const client = server.client();
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
await deploy(client, 'viewed', {
  'index.js': "exports.handler = async (event) => { console.log('handled', JSON.stringify(event)); return { ok: true }; };\n",
  'lib/util.js': 'module.exports = 42;\n',
  'data.bin': Buffer.from([0, 1, 2, 255]),
});

const api = (method: string, path: string, options: { query?: Record<string, string>; body?: string } = {}) =>
  signedFetch(server.url, method, `/_lambkin/console/api/${path}`, KEYS, options);

async function expectError(res: Response, status: number, type: string, message: string): Promise<void> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('x-amzn-errortype'), type);
  // AWS's casing of the message member follows the error's shape (ResourceNotFoundException: Message).
  const body = await res.json() as Record<string, string>;
  const member = type === 'ResourceNotFoundException' ? 'Message' : 'message';
  assert.deepEqual(body, { Type: 'User', [member]: message });
}

test('the start-up output names the console', () => {
  assert.match(server.output(), new RegExp(`lambkin console at ${server.url}/_lambkin/console/\n`));
});

test('the page and its modules are served, and nothing outside the static folder', async () => {
  const page = await fetch(`${server.url}/_lambkin/console/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await page.text(), /<script type="module" src="app.js">/);
  const module = await fetch(`${server.url}/_lambkin/console/views/test-tab.js`);
  assert.equal(module.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const bare = await fetch(`${server.url}/_lambkin/console`, { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/_lambkin/console/');
  assert.equal((await fetch(`${server.url}/_lambkin/consoles`)).status, 404);
  for (const path of ['../surface.ts', '..%2fsurface.ts', 'views/../../api.ts', 'nothing.js']) {
    const res = await fetch(`${server.url}/_lambkin/console/${path}`);
    assert.equal(res.status, 404, path);
  }
});

test('mode says whether keys are needed, without a signature', async () => {
  const res = await fetch(`${server.url}/_lambkin/console/api/mode`);
  assert.deepEqual(await res.json(), { credentialsRequired: false, defaultRegion: 'us-east-1' });
  const me = await fetch(`${server.url}/_lambkin/console/api/whoami`);
  assert.deepEqual(await me.json(), { accountId: '000000000000', region: 'us-east-1' });
});

test('saved test events: save, list, overwrite, delete', async () => {
  const empty = await api('GET', 'functions/viewed/test-events');
  assert.deepEqual(await empty.json(), { testEvents: [] });
  const saved = await api('PUT', 'functions/viewed/test-events/hello', { body: JSON.stringify({ event: '{"a": 1}' }) });
  assert.equal(saved.status, 200);
  const doc = await saved.json() as { name: string; event: string; lastModified: string };
  assert.equal(doc.name, 'hello');
  assert.equal(doc.event, '{"a": 1}');
  await api('PUT', 'functions/viewed/test-events/second.one', { body: JSON.stringify({ event: '[]' }) });
  await api('PUT', 'functions/viewed/test-events/hello', { body: JSON.stringify({ event: '{"a": 2}' }) });
  const listed = await (await api('GET', 'functions/viewed/test-events')).json() as { testEvents: Array<{ name: string; event: string }> };
  assert.deepEqual(listed.testEvents.map((e) => [e.name, e.event]), [['hello', '{"a": 2}'], ['second.one', '[]']]);
  const deleted = await api('DELETE', 'functions/viewed/test-events/second.one');
  assert.equal(deleted.status, 204);
  const after = await (await api('GET', 'functions/viewed/test-events')).json() as { testEvents: Array<{ name: string }> };
  assert.deepEqual(after.testEvents.map((e) => e.name), ['hello']);
});

test('saved test events: exact errors', async () => {
  await expectError(await api('GET', 'functions/missing/test-events'), 404, 'ResourceNotFoundException',
    'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing');
  await expectError(await api('PUT', 'functions/viewed/test-events/bad%20name', { body: JSON.stringify({ event: '{}' }) }), 400, 'InvalidParameterValueException',
    'Invalid test event name: "bad name". A name is 1 to 25 letters, digits, dots, hyphens or underscores.');
  await expectError(await api('PUT', `functions/viewed/test-events/${'x'.repeat(26)}`, { body: JSON.stringify({ event: '{}' }) }), 400, 'InvalidParameterValueException',
    `Invalid test event name: "${'x'.repeat(26)}". A name is 1 to 25 letters, digits, dots, hyphens or underscores.`);
  await expectError(await api('PUT', 'functions/viewed/test-events/ok', { body: JSON.stringify({ event: '{not json' }) }), 400, 'InvalidParameterValueException',
    'The test event is not valid JSON.');
  await expectError(await api('PUT', 'functions/viewed/test-events/ok', { body: 'nope' }), 400, 'InvalidRequestContentException',
    'Could not parse request body into json: the body is not valid JSON.');
  await expectError(await api('PUT', 'functions/viewed/test-events/ok', { body: JSON.stringify({ event: { a: 1 } }) }), 400, 'InvalidRequestContentException',
    'The request body must be an object with a string member "event".');
  await expectError(await api('DELETE', 'functions/viewed/test-events/never-saved'), 404, 'ResourceNotFoundException',
    'Test event not found: never-saved of function viewed');
  await expectError(await api('GET', 'functions/bad.name/test-events'), 400, 'InvalidParameterValueException',
    'Invalid function name: "bad.name". A function name is 1 to 64 letters, digits, hyphens or underscores.');
});

test('the code tree lists the unpacked package and shows a file\'s text', async () => {
  const tree = await (await api('GET', 'functions/viewed/code')).json() as { entries: Array<{ path: string; type: string; size: number }>; truncated: boolean };
  assert.deepEqual(tree.entries.map((e) => [e.path, e.type]), [['data.bin', 'file'], ['index.js', 'file'], ['lib', 'directory'], ['lib/util.js', 'file']]);
  assert.equal(tree.truncated, false);
  const file = await (await api('GET', 'functions/viewed/code/file', { query: { path: 'lib/util.js' } })).json();
  assert.deepEqual(file, { path: 'lib/util.js', size: 21, binary: false, text: 'module.exports = 42;\n' });
  const binary = await (await api('GET', 'functions/viewed/code/file', { query: { path: 'data.bin' } })).json();
  assert.deepEqual(binary, { path: 'data.bin', size: 4, binary: true });
});

test('code paths that leave the package, or name no file in it, are refused', async () => {
  for (const path of ['../lambkin.db', 'lib/../../secret', '..', 'lib//util.js', './index.js', '/etc/passwd']) {
    await expectError(await api('GET', 'functions/viewed/code/file', { query: { path } }), 400, 'InvalidParameterValueException',
      `Invalid path: ${JSON.stringify(path)}. A path names a file inside the package, without '..', '.' or empty parts.`);
  }
  await expectError(await api('GET', 'functions/viewed/code/file'), 400, 'InvalidParameterValueException',
    'A file path is required: ?path=<file in the package>.');
  await expectError(await api('GET', 'functions/viewed/code/file', { query: { path: 'lib' } }), 404, 'ResourceNotFoundException',
    'No file "lib" in the function\'s code.');
  await expectError(await api('GET', 'functions/viewed/code/file', { query: { path: 'nope.js' } }), 404, 'ResourceNotFoundException',
    'No file "nope.js" in the function\'s code.');
  await expectError(await api('GET', 'functions/viewed/code', { query: { qualifier: '7' } }), 404, 'ResourceNotFoundException',
    'Function not found: arn:aws:lambda:us-east-1:000000000000:function:viewed:7');
});

test('the async queue of a function with no events is empty', async () => {
  const state = await (await api('GET', 'functions/viewed/async-queue')).json();
  assert.deepEqual(state, { depth: 0, oldestAgeSeconds: null, lastError: null });
});

test('the async queue shows a failed event waiting for its retry, with the error', async () => {
  await deploy(client, 'flaky', { 'index.js': "exports.handler = async () => { throw new Error('not today'); };\n" });
  await client.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: Buffer.from('{}') }));
  type State = { depth: number; oldestAgeSeconds: number | null; lastError: { functionError: string; attempts: number; payload: string } | null };
  let state: State | undefined;
  await until('the failed run is recorded on the queued event', async () => {
    state = await (await api('GET', 'functions/flaky/async-queue')).json() as State;
    return state.lastError !== null;
  });
  assert.equal(state!.depth, 1);
  assert.equal(typeof state!.oldestAgeSeconds, 'number');
  assert.equal(state!.lastError!.functionError, 'Unhandled');
  assert.equal(state!.lastError!.attempts, 1);
  assert.equal(JSON.parse(state!.lastError!.payload).errorMessage, 'not today');
  const other = await (await api('GET', 'functions/viewed/async-queue')).json();
  assert.deepEqual(other, { depth: 0, oldestAgeSeconds: null, lastError: null });
});

test('the log tail sends past lines, then new ones as they are written, as server-sent events', async () => {
  await invoke(client, 'viewed', { first: 1 });
  const abort = new AbortController();
  const res = await signedFetch(server.url, 'GET', '/_lambkin/console/api/logs/viewed/events', KEYS, { signal: abort.signal });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const until = async (pattern: RegExp) => {
    while (!pattern.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ${pattern}:\n${text}`);
      text += value;
    }
  };
  await until(/handled \{\\"first\\":1\}/);
  await invoke(client, 'viewed', { second: 2 });
  await until(/handled \{\\"second\\":2\}/);
  const events = text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)) as { message: string; logStreamName: string });
  assert.equal(events.filter((e) => e.message.includes('handled {"second":2}')).length, 1);
  assert.match(events[0]!.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  abort.abort();
  await expectError(await api('GET', 'logs/missing/events'), 404, 'ResourceNotFoundException',
    'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing');
  await expectError(await api('GET', 'logs/viewed/events', { query: { backlog: 'lots' } }), 400, 'InvalidParameterValueException',
    'Invalid backlog: "lots". It is a whole number from 0 to 1000.');
});

test('activity counts the function\'s runs', async () => {
  const activity = await (await api('GET', 'activity')).json() as { functions: Record<string, { invocations: number; errors: number; lastInvoked: number | null }> };
  assert.ok(activity.functions.viewed!.invocations >= 1);
  assert.equal(activity.functions.viewed!.errors, 0);
  assert.equal(typeof activity.functions.viewed!.lastInvoked, 'number');
});

test('saved test events go with their function: a function re-created under the name has none', async () => {
  await deploy(client, 'short-lived', NODE_ECHO);
  await api('PUT', 'functions/short-lived/test-events/kept', { body: JSON.stringify({ event: '{}' }) });
  await client.send(new DeleteFunctionCommand({ FunctionName: 'short-lived' }));
  await deploy(client, 'short-lived', NODE_ECHO);
  assert.deepEqual(await (await api('GET', 'functions/short-lived/test-events')).json(), { testEvents: [] });
});

test('a reset removes saved test events with the rest', async () => {
  await api('PUT', 'functions/viewed/test-events/kept', { body: JSON.stringify({ event: '{}' }) });
  const reset = await fetch(`${server.url}/_lambkin/reset`, { method: 'POST' });
  const summary = await reset.json() as { removed: Record<string, number> };
  assert.ok(summary.removed['console-test-event']! >= 1);
});

test('an unknown console endpoint is a 404', async () => {
  const res = await api('GET', 'nothing/here');
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { message: 'No console endpoint GET /_lambkin/console/api/nothing/here' });
});
