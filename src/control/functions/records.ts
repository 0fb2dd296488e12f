/** What Lambkin stores for a function, and the AWS-shaped configuration it answers with. */
import { createHash, randomUUID } from 'node:crypto';
import type { FunctionConfiguration } from '../../model/types.generated.js';
import { partitionOf } from '../arn.js';

/** One runnable version of a function ($LATEST or a published number). */
export interface VersionDoc {
  /** Exactly what GetFunctionConfiguration returns for this version. */
  config: FunctionConfiguration;
  /** Blob key (hex SHA-256) of the deployment package. */
  codeKey: string;
  /** Bytes the package inflates to (absent in versions stored before it was kept). */
  unzippedSize?: number;
  /** Blob keys of the layers, in the order they are merged under /opt. */
  layerKeys?: string[];
}

export interface FunctionDoc {
  name: string;
  latest: VersionDoc;
  tags: Record<string, string>;
  /** Published version numbers are never reused, even after deletion. */
  nextVersion: number;
}

export const FUNCTION_KIND = 'function';
/** Published versions: key `${name}:${zero-padded number}`, parent = function name. */
export const VERSION_KIND = 'function-version';

export function versionKey(name: string, version: number | string): string {
  return `${name}:${String(version).padStart(10, '0')}`;
}

/** AWS's LastModified format: 2024-05-01T12:00:00.000+0000. */
export function lastModified(now = new Date()): string {
  return now.toISOString().replace('Z', '+0000');
}

export function newRevisionId(): string {
  return randomUUID();
}

/** A stable runtime version ARN per runtime, in the form AWS reports. */
export function runtimeVersionArn(region: string, runtime: string): string {
  const digest = createHash('sha256').update(`lambkin:${runtime}`).digest('hex');
  return `arn:${partitionOf(region)}:lambda:${region}::runtime:${digest}`;
}

/** The entry ListFunctions shows: AWS leaves out the state and runtime-version fields there. */
export function listEntry(config: FunctionConfiguration): FunctionConfiguration {
  const {
    State: _s, StateReason: _sr, StateReasonCode: _src, LastUpdateStatus: _l, LastUpdateStatusReason: _lr,
    LastUpdateStatusReasonCode: _lrc, RuntimeVersionConfig: _rv, ...rest
  } = config;
  return rest;
}

/** Marks a configuration as settled after a create or update, as AWS does a moment later. */
export function settled(config: FunctionConfiguration): FunctionConfiguration {
  const { StateReason: _sr, StateReasonCode: _src, LastUpdateStatusReason: _lr, LastUpdateStatusReasonCode: _lrc, ...rest } = config;
  return { ...rest, State: 'Active', LastUpdateStatus: 'Successful', RevisionId: newRevisionId() };
}

/** The in-progress marks AWS shows in the answer to an update. */
export function updating(config: FunctionConfiguration): FunctionConfiguration {
  return {
    ...config,
    LastModified: lastModified(),
    RevisionId: newRevisionId(),
    LastUpdateStatus: 'InProgress',
    LastUpdateStatusReason: 'The function is being created.',
    // AWS reports this code although the model's enum lacks it.
    LastUpdateStatusReasonCode: 'Creating' as FunctionConfiguration['LastUpdateStatusReasonCode'],
  };
}
