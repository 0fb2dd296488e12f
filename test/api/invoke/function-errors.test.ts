// Every way a function can fail, through the JS SDK: 200 with FunctionError Unhandled and AWS's error payload.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { assertBilledIsDurationRoundedUp, assertLastedTimeout, reportFigures } from '../../support/timing.js';
import { deploy, invoke, type Invoked } from './helpers.js';
import { samples, scrape } from '../../metrics/exposition.js';

const server = await startLambkin();
const client = server.client();

const PY = { runtime: 'python3.12', handler: 'app.handler' };

interface ErrorBody { errorType: string; errorMessage: string; trace?: string[]; stackTrace?: string[]; requestId?: string }

function failed(r: Invoked): ErrorBody {
  assert.equal(r.status, 200);
  assert.equal(r.functionError, 'Unhandled');
  assert.equal(r.executedVersion, '$LATEST');
  return r.json<ErrorBody>();
}

/** The request id of the invocation, from its START line. */
function requestIdOf(log: string): string {
  const m = /^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$/m.exec(log);
  assert.ok(m, log);
  return m[1]!;
}

function reportOf(log: string, requestId: string): string {
  const m = new RegExp(`^END RequestId: ${requestId}\\nREPORT RequestId: ${requestId}\\t(.*)\\n$`, 'm').exec(log);
  assert.ok(m, log);
  return m[1]!;
}

describe('init errors (Node.js)', () => {
  test('Runtime.ImportModuleError: the handler module does not exist', async () => {
    await deploy(client, 'no-module', { 'other.js': '' });
    const r = await invoke(client, 'no-module', {}, { LogType: 'Tail' });
    const body = failed(r);
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.equal(body.errorMessage, "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs");
    assert.equal(body.trace![0], "Runtime.ImportModuleError: Error: Cannot find module 'index'");
    const id = requestIdOf(r.log!);
    assert.match(reportOf(r.log!, id), /\tStatus: error\tError Type: Runtime\.ImportModuleError\t$/);
    assert.match(r.log!, /\tERROR\tUncaught Exception \t\{"errorType":"Runtime\.ImportModuleError"/);
  });

  test('Runtime.HandlerNotFound: the module does not export the handler', async () => {
    await deploy(client, 'no-handler', { 'index.js': 'exports.other = () => 1;\n' });
    const body = failed(await invoke(client, 'no-handler'));
    assert.equal(body.errorType, 'Runtime.HandlerNotFound');
    assert.equal(body.errorMessage, 'index.handler is undefined or not exported');
  });

  test('Runtime.UserCodeSyntaxError: the module does not parse', async () => {
    await deploy(client, 'bad-syntax', { 'index.js': 'exports.handler = async () => { return {; };\n' });
    const body = failed(await invoke(client, 'bad-syntax'));
    assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(body.errorMessage, "SyntaxError: Unexpected token ';'");
  });
});

describe('init errors (Python)', () => {
  test('Runtime.ImportModuleError, Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError', async () => {
    await deploy(client, 'py-no-module', { 'other.py': '' }, PY);
    await deploy(client, 'py-no-handler', { 'app.py': 'x = 1\n' }, PY);
    await deploy(client, 'py-bad-syntax', { 'app.py': 'def handler(:\n' }, PY);
    assert.deepEqual(failed(await invoke(client, 'py-no-module')), {
      errorMessage: "Unable to import module 'app': No module named 'app'", errorType: 'Runtime.ImportModuleError', requestId: '', stackTrace: [],
    });
    assert.deepEqual(failed(await invoke(client, 'py-no-handler')), {
      errorMessage: "Handler 'handler' missing on module 'app'", errorType: 'Runtime.HandlerNotFound', requestId: '', stackTrace: [],
    });
    const syntax = failed(await invoke(client, 'py-bad-syntax'));
    assert.equal(syntax.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(syntax.errorMessage, "Syntax error in module 'app': invalid syntax (app.py, line 1)");
  });
});

describe('errors thrown by the handler', () => {
  test('Node.js: errorType is the error class, trace the stack', async () => {
    await deploy(client, 'node-throws', { 'index.js': 'exports.handler = async () => { throw new TypeError("some_error_msg"); };\n' });
    const body = failed(await invoke(client, 'node-throws'));
    assert.deepEqual(Object.keys(body), ['errorType', 'errorMessage', 'trace']);
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'some_error_msg');
    assert.equal(body.trace![0], 'TypeError: some_error_msg');
    assert.match(body.trace![1]!, /\/var\/task\/index\.js:1:/);
  });

  test('Python: the exception class, its message and the request id', async () => {
    await deploy(client, 'py-raises', { 'app.py': 'def handler(event, context):\n    raise ValueError("bad value")\n' }, PY);
    const r = await invoke(client, 'py-raises', {}, { LogType: 'Tail' });
    const body = failed(r);
    assert.deepEqual(body, {
      errorMessage: 'bad value', errorType: 'ValueError', requestId: requestIdOf(r.log!),
      stackTrace: ['  File "/var/task/app.py", line 2, in handler\n    raise ValueError("bad value")\n'],
    });
  });

  // The runtime asks for the next event in the same write as the error: that ask must find the
  // invocation ended, or the environment is lost and the next invoke pays a cold start.
  const handledErrorsKeepTheEnvironment = async (name: string, files: Record<string, string>, config?: typeof PY) => {
    await deploy(client, name, files, config);
    for (let i = 1; i <= 4; i++) {
      const r = await invoke(client, name, { fail: i < 4 }, { LogType: 'Tail' });
      const report = reportOf(r.log!, requestIdOf(r.log!));
      assert.equal(r.functionError, i < 4 ? 'Unhandled' : undefined, r.text);
      if (i < 4) assert.equal(r.json<ErrorBody>().errorMessage, `call ${i}`);
      else assert.equal(r.text, '4');
      assert.equal(/\tInit Duration: /.test(report), i === 1, report);
    }
  };

  test('Node.js: a handled error keeps the environment for the next invoke', () => handledErrorsKeepTheEnvironment('node-keeps', {
    'index.js': 'let calls = 0;\nexports.handler = async (e) => { calls++; if (e.fail) throw new Error(`call ${calls}`); return calls; };\n',
  }));

  test('Python: a handled error keeps the environment for the next invoke', () => handledErrorsKeepTheEnvironment('py-keeps', {
    'app.py': 'calls = 0\ndef handler(event, context):\n    global calls\n    calls += 1\n    if event["fail"]:\n        raise ValueError(f"call {calls}")\n    return calls\n',
  }, PY));
});

describe('errors of the platform', () => {
  test('Sandbox.Timedout: "Task timed out after 1.00 seconds", and the environment is replaced', async () => {
    await deploy(client, 'sleeps', {
      'index.js': 'let calls = 0;\nexports.handler = async (e) => { calls++; if (e.sleep) await new Promise((r) => setTimeout(r, 5000)); return calls; };\n',
    }, { timeout: 1 });
    const r = await invoke(client, 'sleeps', { sleep: true }, { LogType: 'Tail' });
    const id = requestIdOf(r.log!);
    assert.deepEqual(failed(r), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${id} Error: Task timed out after 1.00 seconds` });
    assert.match(r.log!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${id} Task timed out after 1\\.00 seconds$`, 'm'));
    const report = reportOf(r.log!, id);
    const figures = reportFigures(report);
    assertLastedTimeout(figures.durationMs, 1);
    assertBilledIsDurationRoundedUp(figures);
    assert.equal(figures.memorySizeMb, 128);
    assert.match(report, /\tStatus: timeout\t$/);
    // The timed-out environment was killed: the next invoke starts a fresh one (its counter starts over).
    assert.equal((await invoke(client, 'sleeps', { sleep: false })).text, '1');
  });

  test('Runtime.ExitError: the runtime process exits during the invocation', async () => {
    await deploy(client, 'exits', { 'index.js': 'exports.handler = async () => { process.exit(3); };\n' });
    const r = await invoke(client, 'exits', {}, { LogType: 'Tail' });
    const id = requestIdOf(r.log!);
    assert.deepEqual(failed(r), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${id} Error: Runtime exited with error: exit status 3` });
    assert.match(r.log!, new RegExp(`^RequestId: ${id} Error: Runtime exited with error: exit status 3\\nRuntime\\.ExitError\\n`, 'm'));
    assert.match(reportOf(r.log!, id), /\tStatus: error\tError Type: Runtime\.ExitError\t$/);
  });

  test('an uncaught exception ends the environment; the next invoke runs in a fresh one, with its own init', async () => {
    await deploy(client, 'crashes-later', {
      'index.js': [
        'let calls = 0;',
        "exports.handler = async (e) => { calls++; if (e.crash) setTimeout(() => { throw new RangeError('late'); }, 10); return e.crash ? new Promise(() => {}) : calls; };",
        '',
      ].join('\n'),
    });
    assert.equal((await invoke(client, 'crashes-later', {})).text, '1');
    const crashed = await invoke(client, 'crashes-later', { crash: true });
    assert.equal(failed(crashed).errorType, 'RangeError');
    // Straight after: the environment that crashed is on its way out, and this invoke must not wait on it.
    const next = await invoke(client, 'crashes-later', {}, { LogType: 'Tail' });
    assert.equal(next.functionError, undefined);
    assert.equal(next.text, '1');
    assert.match(reportOf(next.log!, requestIdOf(next.log!)), /\tInit Duration: [\d.]+ ms\t/);
    // The invoke that moved to a fresh environment is counted once.
    const counted = samples(await scrape(server.url), 'lambkin_invocations_total', { function: 'crashes-later' });
    assert.equal(counted.reduce((sum, s) => sum + s.value, 0), 3);
  });

  test('Runtime.OutOfMemory: allocating past MemorySize kills the environment', async () => {
    await deploy(client, 'hungry', {
      'index.js': 'exports.handler = async () => { const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1)); };\n',
    }, { memorySize: 128 });
    const r = await invoke(client, 'hungry', {}, { LogType: 'Tail' });
    const id = requestIdOf(r.log!);
    assert.deepEqual(failed(r), { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${id} Error: Runtime exited with error: signal: killed` });
    const report = reportOf(r.log!, id);
    assert.match(report, /\tMemory Size: 128 MB\tMax Memory Used: 12\d MB\t/);
    assert.match(report, /\tStatus: error\tError Type: Runtime\.OutOfMemory\t$/);
  });

  test('the memory limit is MemorySize: a function may use most of it', async () => {
    await deploy(client, 'fits', {
      'index.js': 'exports.handler = async (e) => { const keep = []; for (let i = 0; i < e.mb; i++) keep.push(Buffer.alloc(1 << 20, 1)); return keep.length; };\n',
    }, { memorySize: 256 });
    const r = await invoke(client, 'fits', { mb: 150 }, { LogType: 'Tail' });
    assert.equal(r.functionError, undefined, r.text);
    assert.equal(r.text, '150');
    assert.match(r.log!, /\tMemory Size: 256 MB\tMax Memory Used: 1[5-9]\d MB\t/);
  });

  test('Function.ResponseSizeTooLarge: a result over 6 MB is not returned', async () => {
    await deploy(client, 'too-big', { 'index.js': 'exports.handler = async (e) => "x".repeat(e.n);\n' }, { memorySize: 512 });
    assert.deepEqual(failed(await invoke(client, 'too-big', { n: 6_291_556 })), {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
    // The same environment still answers a result that fits (6291556 bytes with the quotes).
    const fits = await invoke(client, 'too-big', { n: 6_291_554 });
    assert.equal(fits.functionError, undefined);
    assert.equal(fits.text.length, 6_291_556);
  });
});
