/**
 * The contract between the source manager and the pollers, one per kind of event source (SQS,
 * Kinesis, DynamoDB Streams, Amazon MQ). The manager owns the mapping's life: it takes the mapping's
 * lease, builds a PollerContext, calls `run`, and aborts the context's signal when the mapping is
 * disabled, updated, deleted, its lease is lost or the node stops. A poller owns everything about its
 * source: reading, batching, building AWS's event, retrying, checkpointing, deleting or acknowledging.
 */
import type { EventSourceMappingConfiguration } from '../model/types.generated.js';
import type { Scope } from '../store/types.js';

/** The mapping a poller serves, as it was when the poller started (a change restarts the poller). */
export interface MappingView {
  uuid: string;
  /** Where the mapping (and its function) lives; a source's ARN may name another region. */
  scope: Scope;
  config: EventSourceMappingConfiguration;
  /** The function's execution role: Kinesis records name it as their invokeIdentityArn. */
  functionRole?: string;
}

/** How one synchronous invocation of the mapping's function with a batch ended. */
export type BatchInvokeResult =
  /** The function returned; `payload` is its answer (ReportBatchItemFailures reads it). */
  | { kind: 'success'; requestId: string; payload: Buffer }
  /** The function raised or timed out, or its runtime crashed: the whole batch failed. */
  | { kind: 'function-error'; requestId: string; payload: Buffer; functionError: string }
  /**
   * The invocation never ran the function: throttled, function missing or not ready, payload too large.
   * `retryable` says whether the same batch may succeed later (throttles, conflicts) or never will.
   */
  | { kind: 'platform-error'; requestId: string; error: Error; code: string; retryable: boolean };

/** Durable progress of one mapping: shard sequence numbers, tumbling-window state. */
export interface CheckpointStore {
  get<T>(name: string): Promise<T | undefined>;
  /** Written only while this poller still holds the mapping's lease; throws once it does not. */
  put(name: string, value: unknown): Promise<void>;
  delete(name: string): Promise<void>;
  /** Every checkpoint of the mapping, by name. */
  list<T>(): Promise<Array<{ name: string; value: T }>>;
}

/** What a poller tells the manager, shown at /_lambkin/event-source-mappings and in the API's LastProcessingResult. */
export interface PollerReport {
  /** Records read from the source (before filtering). */
  received(count: number): void;
  /** Records dropped by FilterCriteria. */
  filtered(count: number): void;
  /** One invocation with `records` records and how it ended. */
  invoked(records: number, result: BatchInvokeResult): void;
  /** Records given up on (sent to OnFailure, or dropped for age or retries). */
  discarded(count: number): void;
  /** Age in milliseconds of the oldest record not yet processed (0 when caught up). */
  lag(ms: number): void;
  /** A problem reading the source (unreachable, missing, refused); undefined once it reads again. */
  sourceError(message: string | undefined): void;
}

export interface PollerContext {
  mapping: MappingView;
  /** Aborted when the poller must stop; a poller returns soon after, leaving unfinished work to the source. */
  signal: AbortSignal;
  /** Invokes the mapping's function (FunctionArn, with its qualifier) synchronously with `event` as JSON. */
  invoke(event: unknown): Promise<BatchInvokeResult>;
  /** FilterCriteria of the mapping, compiled; true when there are none. */
  matches(candidate: unknown): boolean;
  checkpoints: CheckpointStore;
  report: PollerReport;
  /** Sends a failure record to an OnFailure destination (SQS queue, SNS topic, S3 bucket), as AWS's shape given. */
  sendFailure(destinationArn: string, record: unknown, options?: { s3Key?: string }): Promise<void>;
  /** A platform line in the function's log (what AWS's pollers report there). */
  log(message: string): void;
  /** Resolves after `ms`, or at once (false) when the signal aborts. */
  sleep(ms: number): Promise<boolean>;
}

/** One kind of event source: registered once in src/sources/index.ts. */
export interface EventSource {
  /** For logs and the status endpoint: `sqs`, `kinesis`, `dynamodb-streams`, `rabbitmq`. */
  readonly name: string;
  /** Whether this source reads the mapping (by its EventSourceArn, or Queues/SourceAccessConfigurations). */
  handles(config: EventSourceMappingConfiguration): boolean;
  /**
   * Runs until `ctx.signal` aborts, then returns. A throw is logged; the manager waits (backing off)
   * and runs the poller again with a fresh context, so a poller may simply throw on a lost source.
   */
  run(ctx: PollerContext): Promise<void>;
}
