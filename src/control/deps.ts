/**
 * The components a rule may be handed, one per interface: a function names the ones it uses
 * (`deps: StoreDep & EventsDep`) and is given exactly those, never the whole node.
 */
import type { MetadataStore } from '../store/types.js';
import type { BlobStore } from '../store/blobs/index.js';
import type { UnpackedCodeCache } from '../code/unpacked.js';
import type { Engine } from '../engine/index.js';
import type { Config } from '../config.js';
import type { CodeLinks } from './code-links.js';
import type { AppEvents } from './events.js';
import type { DependantDeletes } from './dependants.js';
import type { DurableExecutions } from '../durable/service.js';

export interface StoreDep { store: MetadataStore }
export interface BlobsDep { blobs: BlobStore }
/** Extracted code trees, ready for a sandbox to mount. */
export interface CodeCacheDep { code: UnpackedCodeCache }
/** Signed code download links (GetFunction's Code.Location). */
export interface LinksDep { links: CodeLinks }
/** Change notices for what keeps state outside the store (environments, snapshots). */
export interface EventsDep { events: AppEvents }
export interface EngineDep { engine: Pick<Engine, 'invoke' | 'setReservedConcurrency'> }
/** Runtimes made ready ahead of a function's first invoke (a Node build downloaded). */
export interface RuntimePrepDep { engine: Pick<Engine, 'prepareRuntime' | 'prepareVersion'> }
/** The environments this node starts ahead of invokes for provisioned concurrency. */
export interface ProvisioningDep { engine: Pick<Engine, 'provision' | 'unprovision' | 'provisionedEnvKeys' | 'provisionedState'> }
/** What every resource family removes with a function, a version or an alias. */
export interface DependantsDep { dependants: DependantDeletes }
/** The node's settings (default region, endpoint overrides for outbound AWS calls). */
export interface ConfigDep { config: Config }
/** The base function URLs hang from (scheme, host and port), read when an answer names a URL. */
export interface FunctionUrlBaseDep { functionUrlBase(): string }
/** The durable execution service: executions, their checkpoints, timers and callbacks. */
export interface DurableDep { durable: DurableExecutions }
