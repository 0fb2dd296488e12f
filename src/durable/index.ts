/** The durable execution service of one node, with its chained-invoke runner attached. */
import type { InvokeDeps } from '../control/invoke/run.js';
import { DurableExecutions } from './service.js';
import { ChainedInvokes } from './chained.js';

export { DurableExecutions } from './service.js';
export { DURABLE_KINDS } from './records.js';

export function createDurableExecutions(deps: InvokeDeps, now: () => number = Date.now): DurableExecutions {
  const service = new DurableExecutions(deps, now);
  new ChainedInvokes(service, deps);
  return service;
}
