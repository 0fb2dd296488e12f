/** The typed boundary between HTTP and the rest of Lambkin: what an operation handler sees and returns. */
import type { Caller } from '../auth/index.js';
import type { Scope } from '../../store/types.js';
import type { OperationInputs, OperationName, OperationOutputs } from '../../model/types.generated.js';
import type { Dependants } from '../../control/dependants.js';
import type {
  BlobsDep, CodeCacheDep, ConfigDep, DependantsDep, DurableDep, EngineDep, EventsDep, FunctionUrlBaseDep, LinksDep, ProvisioningDep,
  RuntimePrepDep, StoreDep,
} from '../../control/deps.js';
import type { AsyncQueue } from '../../async/queue.js';

export interface RequestContext {
  requestId: string;
  operation: OperationName;
  caller: Caller;
  /** The caller's account in the request's region (its credential scope): where its resources live. */
  scope: Scope;
}

/** A streamed payload may replace a blob output (InvokeWithResponseStream). */
export type HandlerOutput<K extends OperationName> = OperationOutputs[K] extends void
  ? void
  : OperationOutputs[K] | (Omit<OperationOutputs[K], 'EventStream'> & { EventStream: AsyncIterable<Uint8Array> });

export type Handler<K extends OperationName> = (ctx: RequestContext, input: OperationInputs[K]) => Promise<HandlerOutput<K>>;

export type HandlerTable = { [K in OperationName]?: Handler<K> };

/** Per-operation front-door settings beyond the model. */
export interface OperationPolicy {
  /** Largest request body accepted, and the error AWS gives for a larger one. */
  maxBody?: { bytes: number; error: () => Error };
  /** Member paths whose model constraints the handler checks itself (AWS answers differently there). */
  skipValidation?: ReadonlySet<string>;
}

export type PolicyTable = { [K in OperationName]?: OperationPolicy };

/**
 * One resource family as the Lambda API sees it: the operations it answers, their front-door policies,
 * and what of it goes in the same batch when a function, a version or an alias is deleted.
 */
export interface ResourceFamily<D = FamilyDeps> {
  /** Built once at start-up from the dependencies the family names. */
  handlers: (deps: D) => HandlerTable;
  /** Start-up wiring of what the family keeps outside the store (the engine's limits, say). */
  start?: (deps: D) => void;
  policies?: PolicyTable;
  dependants?: Dependants;
  /** The kinds of document the family keeps in the store: what a reset empties. */
  kinds?: readonly string[];
}

/** Every component a family may be built from; each family's module names the part it uses. */
export type FamilyDeps = StoreDep & BlobsDep & CodeCacheDep & LinksDep & EventsDep & EngineDep & ProvisioningDep & RuntimePrepDep & ConfigDep
  & DependantsDep & FunctionUrlBaseDep & DurableDep
  & { asyncQueue: Pick<AsyncQueue, 'enqueue'> };
