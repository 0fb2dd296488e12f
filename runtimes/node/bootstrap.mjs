// Entry point of the Node.js runtime client. The engine runs its one-file build, `bootstrap.cjs` (see
// ../build-node-client.mjs); this module works unbundled too: `node $LAMBDA_RUNTIME_DIR/bootstrap.mjs`.
// Everything comes from the environment: AWS_LAMBDA_RUNTIME_API, LAMBDA_TASK_ROOT, _HANDLER (in a
// pre-started sandbox, once the engine has handed it over: see prestart.mjs).
import { RuntimeApiClient } from './rapid-client.mjs';
import { Runtime } from './runtime.mjs';
import { beforeExit } from './completion.mjs';
import { UnhandledPromiseRejection } from './errors.mjs';
import { handlerMetadata, installGlobals, loadHandler } from './loader.mjs';
import { patchConsole, structuredConsole } from './logging.mjs';
import { HttpResponseStream } from './streaming.mjs';
import { attachFunction, installGc, withThrowawayRuntimeApi } from './prestart.mjs';

let client;

// Before the first invocation a crash is an init error; the runtime swaps these per invocation.
const errorCallbacks = {
  uncaughtException: (error) => (client ? client.postInitError(error) : Promise.resolve()).finally(() => process.exit(129)),
  unhandledRejection: (error) => (client ? client.postInitError(error) : Promise.resolve()).finally(() => process.exit(128)),
};

process.on('uncaughtException', (error) => {
  structuredConsole.logError('Uncaught Exception', error);
  errorCallbacks.uncaughtException(error);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  structuredConsole.logError('Unhandled Promise Rejection', error);
  errorCallbacks.unhandledRejection(error);
});
beforeExit.reset();
process.on('beforeExit', () => beforeExit.invoke());

/** One event and one answer, as the first invocation will do them, against nobody's Runtime API. */
const warmUp = () => withThrowawayRuntimeApi(async (address) => {
  const warming = new RuntimeApiClient(address);
  await warming.nextInvocation();
  await warming.postInvocationResponse({}, '00000000-0000-0000-0000-000000000000');
  warming.close();
});

async function start() {
  await attachFunction(warmUp);
  installGc();
  patchConsole();
  client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API);
  let runtime;
  try {
    installGlobals(HttpResponseStream);
    const handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
    runtime = new Runtime(client, handler, handlerMetadata(handler), errorCallbacks);
  } catch (error) {
    structuredConsole.logError('Uncaught Exception', error);
    errorCallbacks.uncaughtException(error);
  }
  runtime?.scheduleIteration();
}

start();
