// The log of an invocation: X-Amz-Log-Result with LogType=Tail, the log endpoint, and `lambkin logs NAME`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLambkin } from '../../support/server.js';
import { deploy, functionLog, invoke } from './helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../../bin/lambkin.mjs', import.meta.url).pathname;
const server = await startLambkin();
const client = server.client();

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

await deploy(client, 'talker', {
  'index.js': `exports.handler = async (event) => {
    console.log('hello', event.who);
    for (let i = 0; i < (event.lines ?? 0); i++) console.log('line ' + String(i).padStart(4, '0') + ' ' + 'z'.repeat(90));
    return 'ok';
  };\n`,
});

describe('LogType=Tail', () => {
  test('the whole log of a short invocation: START, the output, END, REPORT', async () => {
    await invoke(client, 'talker', { who: 'warm-up' });
    const r = await invoke(client, 'talker', { who: 'world' }, { LogType: 'Tail' });
    assert.equal(r.text, '"ok"');
    const pattern = new RegExp(
      `^START RequestId: (${UUID}) Version: \\$LATEST\\n` +
      `${TIME}\\t\\1\\tINFO\\thello world\\n` +
      'END RequestId: \\1\\n' +
      'REPORT RequestId: \\1\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\t\\n$',
    );
    assert.match(r.log!, pattern);
  });

  test('a long log is cut to its last 4 KB', async () => {
    const r = await invoke(client, 'talker', { who: 'long', lines: 100 }, { LogType: 'Tail' });
    const bytes = Buffer.from(r.log!);
    assert.equal(bytes.length, 4096);
    assert.match(r.log!, /\nREPORT RequestId: [0-9a-f-]{36}\tDuration: [^\n]+\t\n$/);
    assert.match(r.log!, /line 0099 z{90}\nEND RequestId: /);
    assert.doesNotMatch(r.log!, /START RequestId/);
    assert.doesNotMatch(r.log!, /line 0000 /);
  });

  test('no LogType, no X-Amz-Log-Result', async () => {
    const r = await invoke(client, 'talker', { who: 'quiet' });
    assert.equal(r.log, undefined);
  });
});

describe('the function log outside the invoke', () => {
  test('/_lambkin/logs/NAME holds every invocation, and `lambkin logs NAME` prints it', async () => {
    const r = await invoke(client, 'talker', { who: 'printed' }, { LogType: 'Tail' });
    const requestId = /^START RequestId: (\S+)/.exec(r.log!)![1]!;
    const events = await functionLog(server.url, 'talker');
    const mine = events.filter((e) => e.message.includes(requestId));
    assert.deepEqual(mine.map((e) => e.message.split(/[\t ]/)[0]), ['START', mine[1]!.message.split('\t')[0], 'END', 'REPORT']);
    assert.equal(mine[1]!.message.split('\t').slice(1).join('\t'), `${requestId}\tINFO\thello printed\n`);
    assert.match(mine[0]!.logStreamName, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);

    const { stdout } = await run(process.execPath, [BIN, 'logs', 'talker', '--port', String(server.port)], { timeout: 60_000 });
    const lines = stdout.split('\n').filter((line) => line.includes(requestId));
    assert.equal(lines.length, 4);
    const stream = mine[0]!.logStreamName.replace(/[[\]$]/g, '\\$&');
    assert.match(lines[0]!, new RegExp(`^${TIME} ${stream} START RequestId: ${requestId} Version: \\$LATEST$`));
    assert.match(lines[1]!, new RegExp(`^${TIME} ${stream} ${TIME}\\t${requestId}\\tINFO\\thello printed$`));
    assert.match(lines[2]!, new RegExp(`^${TIME} ${stream} END RequestId: ${requestId}$`));
    assert.match(lines[3]!, new RegExp(`^${TIME} ${stream} REPORT RequestId: ${requestId}\\tDuration: `));
  });

  test('`lambkin logs` for a function without invocations prints nothing', async () => {
    await deploy(client, 'never-invoked', { 'index.js': 'exports.handler = async () => 1;\n' });
    const { stdout } = await run(process.execPath, [BIN, 'logs', 'never-invoked', '--port', String(server.port)], { timeout: 60_000 });
    assert.equal(stdout, '');
  });
});

describe('log lines written in batches', () => {
  test('back-to-back invocations read back in order, each START, output, END, REPORT', async () => {
    await deploy(client, 'ordered', { 'index.js': "exports.handler = async (event) => { console.log('n=' + event.n); return event.n; };\n" });
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) {
      const r = await invoke(client, 'ordered', { n }, { LogType: 'Tail' });
      assert.equal(r.text, String(n));
      ids.push(/^START RequestId: (\S+)/.exec(r.log!)![1]!);
    }
    // Read at once: lines still waiting for their batch are written before the read answers.
    const events = await functionLog(server.url, 'ordered');
    const expected = ids.flatMap((id, n) => [`START RequestId: ${id}`, `${id}\tINFO\tn=${n}`, `END RequestId: ${id}`, `REPORT RequestId: ${id}`]);
    const got = events.map((e) => e.message.replace(/^\S+\t(\S+\tINFO)/, '$1').replace(/( Version: \$LATEST)?\n$|\tDuration:[^\n]*\n$/, ''));
    assert.deepEqual(got, expected);
  });

  test('a clean stop writes every line: they are all there after a restart', async () => {
    const own = await startLambkin();
    const ownClient = own.client();
    await deploy(ownClient, 'last-words', { 'index.js': "exports.handler = async (event) => { console.log('said ' + event.n); return 1; };\n" });
    for (let n = 0; n < 5; n++) await invoke(ownClient, 'last-words', { n });
    assert.equal(await own.stop('SIGTERM'), 0);
    await own.restart();
    const said = (await functionLog(own.url, 'last-words')).map((e) => e.message).filter((m) => m.includes('\tINFO\tsaid '));
    assert.deepEqual(said.map((m) => m.split('\t').at(-1)), [0, 1, 2, 3, 4].map((n) => `said ${n}\n`));
  });
});
