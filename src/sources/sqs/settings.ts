/** What the SQS poller reads from a mapping, with AWS's defaults for the fields left out. */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import { parseArn } from '../../control/event-invoke-configs/destinations.js';

/** AWS starts every SQS mapping with five pollers and scales them with the backlog. */
export const INITIAL_POLLERS = 5;
/** Lambda's ceiling for one standard-queue mapping without MaximumConcurrency. */
export const MAX_POLLERS = 1250;
/** One ReceiveMessage answers at most ten messages. */
export const RECEIVE_LIMIT = 10;
/** The longest long poll SQS allows. */
export const LONGEST_POLL_SECONDS = 20;

export interface QueueRef {
  arn: string;
  name: string;
  account: string;
  region: string;
  fifo: boolean;
}

export interface SqsSettings {
  queue: QueueRef;
  batchSize: number;
  /** 0: invoke as soon as one receive returned messages. */
  windowMs: number;
  reportItemFailures: boolean;
  /** Pollers receiving, and the concurrency batches start with. */
  initialPollers: number;
  /** The most batches invoked at once. */
  maxPollers: number;
}

export function queueRef(arn: string | undefined): QueueRef | undefined {
  const parsed = arn === undefined ? undefined : parseArn(arn);
  if (!parsed || parsed.service !== 'sqs' || !parsed.resource || parsed.resource.includes(':')) return undefined;
  return { arn: arn!, name: parsed.resource, account: parsed.account, region: parsed.region, fifo: parsed.resource.endsWith('.fifo') };
}

export function sqsSettings(config: EventSourceMappingConfiguration, defaultRegion: string): SqsSettings {
  const queue = queueRef(config.EventSourceArn);
  if (!queue) throw new Error(`not an SQS queue ARN: ${config.EventSourceArn}`);
  if (!queue.region) queue.region = defaultRegion;
  // MaximumConcurrency caps the mapping's concurrent invocations; provisioned pollers raise the start.
  const cap = config.ScalingConfig?.MaximumConcurrency ?? MAX_POLLERS;
  const floor = Math.max(INITIAL_POLLERS, config.ProvisionedPollerConfig?.MinimumPollers ?? 0);
  return {
    queue,
    batchSize: Math.max(1, config.BatchSize ?? 10),
    windowMs: Math.max(0, config.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    reportItemFailures: config.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
    initialPollers: Math.max(1, Math.min(floor, cap)),
    maxPollers: Math.max(1, cap),
  };
}
