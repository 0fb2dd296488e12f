/** StopDurableExecution: ends a running execution at once; its running invocation's next checkpoint fails. */
import type { ErrorObject, StopDurableExecutionResponse } from '../model/types.generated.js';
import type { Scope } from '../store/types.js';
import { addressOf, executionNotFound } from './lookup.js';
import { commitState, loadExecution } from './store-io.js';
import { seconds } from './history.js';
import type { DurableExecutions } from './service.js';

export async function stopExecution(service: DurableExecutions, caller: Scope, arn: string, error: ErrorObject | undefined): Promise<StopDurableExecutionResponse> {
  const address = await addressOf(arn, caller, 'StopDurableExecution');
  return service.lock(address.key, async () => {
    const state = await loadExecution(service.store, address.scope, address.key);
    if (!state) throw executionNotFound();
    // An execution that has already ended stays as it ended.
    if (state.exec.status !== 'RUNNING') return { StopTimestamp: seconds(state.exec.endedAt!) };
    const now = service.now();
    const events = service.finish(state, 'STOPPED', now, { error: error ?? {} });
    await commitState(service.store, state, [], events, service.finishWrites(state));
    service.afterChange(state);
    return { StopTimestamp: seconds(now) };
  });
}
