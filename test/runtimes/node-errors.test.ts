import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invoke, snapshot, startHarness, writeCode, type Harness } from './harness.js';

interface NodeError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

describe('Node.js runtime client errors', () => {
  let h: Harness;
  let runtimeDir: string;
  before(async () => {
    h = startHarness();
    // "Require stack" names the runtime's own module, wherever the engine mounts the runtime.
    const probe = writeCode(h, { 'index.js': 'exports.handler = async () => process.env.LAMBDA_RUNTIME_DIR;' });
    runtimeDir = (await invoke(h, snapshot(probe, 'nodejs20.x', 'index.handler'))).body as string;
  });
  after(() => h.close());

  const code = () =>
    writeCode(h, {
      'index.js': `
        class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
        exports.throws = async () => { throw new Error('Error: some_error_msg'); };
        exports.custom = async () => { throw new ValidationError('bad input'); };
        exports.callbackError = (event, context, callback) => callback(new TypeError('via callback'));
        exports.failString = (event, context) => context.fail('plain string');
        exports.neverSettles = async () => new Promise(() => {});
        exports.crashLater = async () => { setTimeout(() => { throw new RangeError('crashed in timer'); }, 20); return new Promise(() => { setTimeout(() => {}, 5000); }); };
        exports.rejectLater = async () => { Promise.reject(new Error('nobody caught me')); return new Promise(() => { setTimeout(() => {}, 5000); }); };
        exports.notAFunction = 5;
      `,
      'broken.js': 'exports.handler = async () => { return 1 }}',
      'needsdep.js': 'require("a-package-that-is-not-there"); exports.handler = async () => 1;',
    });

  async function failure(handler: string, files?: string): Promise<NodeError> {
    const { body, result } = await invoke(h, snapshot(files ?? code(), 'nodejs20.x', handler));
    assert.equal(result.functionError, 'Unhandled');
    const error = body as NodeError;
    assert.deepEqual(Object.keys(error), ['errorType', 'errorMessage', 'trace']);
    return error;
  }

  it('reports a thrown error as errorType / errorMessage / trace', async () => {
    const error = await failure('index.throws');
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'Error: some_error_msg');
    assert.equal(error.trace[0], 'Error: Error: some_error_msg');
    assert.match(error.trace[1]!, /^ {4}at .*index\.js:3:\d+\)?$/);
  });

  it('uses the error name for the type, for callback errors too', async () => {
    const custom = await failure('index.custom');
    assert.equal(custom.errorType, 'ValidationError');
    assert.equal(custom.errorMessage, 'bad input');
    const viaCallback = await failure('index.callbackError');
    assert.equal(viaCallback.errorType, 'TypeError');
    assert.equal(viaCallback.errorMessage, 'via callback');
  });

  it('reports a non-Error failure by its JavaScript type', async () => {
    assert.deepEqual(await failure('index.failString'), { errorType: 'string', errorMessage: 'plain string', trace: [] });
  });

  it('fails an async handler whose promise never settles with Runtime.NodeJsExit', async () => {
    const error = await failure('index.neverSettles');
    assert.equal(error.errorType, 'Runtime.NodeJsExit');
    assert.equal(
      error.errorMessage,
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  });

  it('reports an uncaught exception and an unhandled rejection during the invocation', async () => {
    const crashed = await failure('index.crashLater');
    assert.equal(crashed.errorType, 'RangeError');
    assert.equal(crashed.errorMessage, 'crashed in timer');
    const rejected = await failure('index.rejectLater');
    assert.equal(rejected.errorType, 'Runtime.UnhandledPromiseRejection');
    assert.equal(rejected.errorMessage, 'Error: nobody caught me');
  });

  it('after an uncaught exception the next invoke starts a fresh environment, never the one on its way out', async () => {
    const files = writeCode(h, {
      'index.js': `
        let count = 0;
        exports.handler = async (event) => {
          count++;
          if (event.crash) setTimeout(() => { throw new RangeError('crashed in timer'); }, 20);
          return event.crash ? new Promise(() => {}) : count;
        };
      `,
    });
    const fn = snapshot(files, 'nodejs20.x', 'index.handler');
    assert.equal((await invoke(h, fn, {})).body, 1);
    const crashed = await invoke(h, fn, { crash: true });
    assert.equal(crashed.result.functionError, 'Unhandled');
    assert.equal((crashed.body as NodeError).errorType, 'RangeError');
    // Module state starts again: a new process ran the init.
    const after = await invoke(h, fn, {});
    assert.equal(after.result.functionError, undefined);
    assert.equal(after.body, 1);
  });

  it('reports init failures with the Runtime.* types and AWS wording', async () => {
    const files = code();
    const missing = await failure('missing.handler', files);
    assert.equal(missing.errorType, 'Runtime.ImportModuleError');
    assert.equal(missing.errorMessage, `Error: Cannot find module 'missing'\nRequire stack:\n- ${runtimeDir}/index.mjs`);
    assert.deepEqual(missing.trace.slice(0, 3), [
      "Runtime.ImportModuleError: Error: Cannot find module 'missing'",
      'Require stack:',
      `- ${runtimeDir}/index.mjs`,
    ]);

    const dependency = await failure('needsdep.handler', files);
    assert.equal(dependency.errorType, 'Runtime.ImportModuleError');
    assert.match(dependency.errorMessage, /^Error: Cannot find module 'a-package-that-is-not-there'\nRequire stack:\n- .*\/needsdep\.js\n- .*\/index\.mjs$/);

    const notExported = await failure('index.nope', files);
    assert.equal(notExported.errorType, 'Runtime.HandlerNotFound');
    assert.equal(notExported.errorMessage, 'index.nope is undefined or not exported');

    const notFunction = await failure('index.notAFunction', files);
    assert.equal(notFunction.errorType, 'Runtime.HandlerNotFound');
    assert.equal(notFunction.errorMessage, 'index.notAFunction is not a function');

    const syntax = await failure('broken.handler', files);
    assert.equal(syntax.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(syntax.errorMessage, "SyntaxError: Unexpected token '}'");

    const malformed = await failure('index', files);
    assert.equal(malformed.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(malformed.errorMessage, 'Bad handler');

    const relative = await failure('../index.handler', files);
    assert.equal(relative.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(
      relative.errorMessage,
      "'../index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    );
  });
});
