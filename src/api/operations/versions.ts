/** Operations of the versions family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const versionsHandlers: HandlerTable = {};

export const versionsPolicies: Record<string, OperationPolicy> = {};
