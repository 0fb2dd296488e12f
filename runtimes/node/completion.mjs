// How an invocation ends: the callback, context.succeed/fail/done, and what happens when the event
// loop drains first (the 'beforeExit' hook), following the semantics of AWS's Node.js runtimes.
import { structuredConsole } from './logging.mjs';

let beforeExitAction = () => {};

/** The single action run when the event loop drains; each invocation replaces it. */
export const beforeExit = {
  set(action) {
    beforeExitAction = action;
  },
  reset() {
    beforeExitAction = () => {};
  },
  invoke() {
    beforeExitAction();
  },
};

/**
 * Returns [callback, callbackContext, markCompleted]. Only the first call among callback/succeed/fail/done
 * counts. `onPosted` runs once the result or error has been accepted by the Runtime API, and must go on
 * to the next event (asked for along with the post).
 */
export function buildCallbackContext(client, requestId, onPosted, onPostFailed) {
  const postError = (error) => {
    structuredConsole.logError('Invoke Error', error);
    client.postInvocationError(error, requestId, { thenNext: true }).then(onPosted, onPostFailed);
  };

  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completed = true;
    client.postInvocationResponse(result, requestId, { thenNext: true }).then(onPosted, onPostFailed);
  };

  let waitForEmptyEventLoop = true;

  const callback = (error, result) => {
    beforeExit.reset();
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit.set(() => setImmediate(() => complete(result)));
  };
  const done = (error, result) => {
    beforeExit.reset();
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  };

  let finished = false;
  const firstCallOnly =
    (fn) =>
    (...args) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };

  const callbackContext = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: firstCallOnly((result) => done(null, result)),
    fail: firstCallOnly((error) => (error === undefined || error === null ? done('handled') : done(error, null))),
    done: firstCallOnly(done),
  };
  const markCompleted = () => {
    completed = true;
  };
  return [firstCallOnly(callback), callbackContext, markCompleted];
}
