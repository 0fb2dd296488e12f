/** Small per-function settings kept beside the function: recursion detection and runtime management. */
import type { RecursiveLoop, UpdateRuntimeOn } from '../../model/types.generated.js';

/** Recursive loop detection: key = function name. */
export const RECURSION_KIND = 'function-recursion';
/** Runtime management per version: key `${function}:${version}`, parent = function name. */
export const RUNTIME_MANAGEMENT_KIND = 'function-runtime-management';

export interface RecursionDoc { recursiveLoop: RecursiveLoop }

export interface RuntimeManagementDoc { updateRuntimeOn: UpdateRuntimeOn; runtimeVersionArn?: string }

/** AWS stops recursive loops unless told otherwise, and updates runtimes automatically. */
export const DEFAULT_RECURSIVE_LOOP: RecursiveLoop = 'Terminate';
export const DEFAULT_UPDATE_RUNTIME_ON: UpdateRuntimeOn = 'Auto';

export function runtimeManagementKey(functionName: string, version: string): string {
  return `${functionName}:${version}`;
}
