/**
 * What a stream mapping keeps durably through ctx.checkpoints: one document for the mapping's first
 * poll (when it started and which shards it found, so a restart starts those shards where the first run
 * did, and shards found later from their beginning) and one per shard (where reading resumes, whether
 * the shard was read to its end, and the open tumbling window's state).
 */
import type { CheckpointStore } from '../types.js';
import type { ShardPosition } from './adapter.js';

export const STREAM_CHECKPOINT = 'stream';

export interface StreamCheckpoint {
  /** Milliseconds since epoch: a LATEST mapping reads from here, so records sent while Lambkin was down are not skipped. */
  startedAt: number;
  /** Shards listed at the first poll: they start at the mapping's StartingPosition. */
  shards: string[];
}

export interface WindowState {
  /** Milliseconds since epoch, aligned to the window's length. */
  start: number;
  end: number;
  state: unknown;
}

export interface ShardCheckpoint {
  /** After the last finished record, as AFTER_SEQUENCE_NUMBER. */
  sequenceNumber?: string;
  /** Read to the end of a closed shard: its children may be read. */
  finished?: boolean;
  window?: WindowState;
}

export function shardCheckpointName(shardId: string): string {
  return `shard/${shardId}`;
}

export function shardIdOf(checkpointName: string): string | undefined {
  return checkpointName.startsWith('shard/') ? checkpointName.slice('shard/'.length) : undefined;
}

/** A checkpoint write that failed: the lease is gone (or the store is), so the poller must stop. */
export class CheckpointWriteFailed extends Error {
  constructor(cause: unknown) {
    super(`could not save the stream checkpoint: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export async function saveCheckpoint(store: CheckpointStore, name: string, value: unknown): Promise<void> {
  try {
    await store.put(name, value);
  } catch (err) {
    throw new CheckpointWriteFailed(err);
  }
}

/** Where a shard with this checkpoint resumes; undefined when it has none. */
export function resumePosition(checkpoint: ShardCheckpoint | undefined): ShardPosition | undefined {
  return checkpoint?.sequenceNumber !== undefined
    ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint.sequenceNumber }
    : undefined;
}
