// The invoke loop: fetch the next event, run the handler (buffered or streaming), report, repeat.
import { attachInvokeData, requestIdOf } from './context.mjs';
import { beforeExit, buildCallbackContext } from './completion.mjs';
import { NodeJsExit } from './errors.mjs';
import { setCurrentRequestId, structuredConsole } from './logging.mjs';
import { STREAM_RESPONSE } from './loader.mjs';
import { createResponseStream } from './streaming.mjs';

const isPromise = (value) => Boolean(value) && typeof value.then === 'function';

// Losing the Runtime API means the environment is going away; there is nobody left to report to.
const runtimeApiLost = (error) => {
  process.stderr.write(`Lambda Runtime API unreachable: ${error?.message ?? error}\n`);
  process.exit(1);
};

export class Runtime {
  constructor(client, handler, metadata, errorCallbacks) {
    this.client = client;
    this.handler = handler;
    this.metadata = metadata;
    this.errorCallbacks = errorCallbacks;
    this.handleOnce = metadata.streaming === STREAM_RESPONSE ? this.handleStreaming : this.handleBuffered;
  }

  scheduleIteration() {
    setImmediate(() => {
      this.handleOnce().then(
        () => {},
        (error) => {
          console.log(`Unexpected Top Level Error: ${error.toString()}`);
          this.errorCallbacks.uncaughtException(error);
        },
      );
    });
  }

  async nextEvent() {
    const { bodyJson, headers } = await this.client.nextInvocation().catch(runtimeApiLost);
    const requestId = requestIdOf(headers);
    if (!requestId) throw new Error('invocation id is missing or invalid');
    setCurrentRequestId(requestId);
    return { bodyJson, headers, requestId };
  }

  async handleBuffered() {
    const { bodyJson, headers, requestId } = await this.nextEvent();
    const next = () => this.scheduleIteration();
    const [callback, callbackContext, markCompleted] = buildCallbackContext(this.client, requestId, next, runtimeApiLost);
    try {
      this.setErrorCallbacks(requestId);
      this.setDefaultExitAction(requestId, markCompleted);
      const result = this.handler(JSON.parse(bodyJson), attachInvokeData(callbackContext, headers), callback);
      if (isPromise(result)) {
        result.then(callbackContext.succeed, callbackContext.fail).catch(callbackContext.fail);
      }
    } catch (error) {
      callback(error);
    }
  }

  async handleStreaming() {
    const { bodyJson, headers, requestId } = await this.nextEvent();
    let waitForEmptyEventLoop = true;
    const streamingContext = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
    };
    const { responseStream, responseDone, fail } = createResponseStream(this.client, requestId);
    const scheduleNext = () => {
      beforeExit.reset();
      if (!waitForEmptyEventLoop) this.scheduleIteration();
      else beforeExit.set(() => setImmediate(() => this.scheduleIteration()));
    };
    const failStream = async (error) => {
      structuredConsole.logError('Invoke Error', error);
      await fail(error);
      scheduleNext();
    };
    try {
      this.errorCallbacks.uncaughtException = (error) => fail(error).finally(() => process.exit(129));
      this.errorCallbacks.unhandledRejection = (error) => fail(error).finally(() => process.exit(128));
      beforeExit.set(() => this.scheduleIteration());
      const context = attachInvokeData(streamingContext, headers);
      const pending = this.handler(JSON.parse(bodyJson), responseStream, context);
      if (!isPromise(pending)) return void (await failStream('Streaming does not support non-async handlers.'));
      const result = await pending;
      if (result !== undefined) console.warn('Streaming handlers ignore return values.');
      await responseDone;
      if (!responseStream.writableFinished) return void (await failStream('Response stream is not finished.'));
      scheduleNext();
    } catch (error) {
      await failStream(error);
    }
  }

  setErrorCallbacks(requestId) {
    const postThenExit = (code) => (error) =>
      this.client.postInvocationError(error, requestId).finally(() => process.exit(code));
    this.errorCallbacks.uncaughtException = postThenExit(129);
    this.errorCallbacks.unhandledRejection = postThenExit(128);
  }

  /** If the loop drains before the handler reports: async handlers fail, others succeed with null. */
  setDefaultExitAction(requestId, markCompleted) {
    beforeExit.set(() => {
      markCompleted();
      const next = () => this.scheduleIteration();
      if (this.metadata.isAsync) {
        const error = new NodeJsExit();
        structuredConsole.logError('Invoke Error', error);
        this.client.postInvocationError(error, requestId, { thenNext: true }).then(next, runtimeApiLost);
      } else {
        this.client.postInvocationResponse(null, requestId, { thenNext: true }).then(next, runtimeApiLost);
      }
    });
  }
}
