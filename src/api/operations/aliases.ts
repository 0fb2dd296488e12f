/** Operations of the aliases family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const aliasesHandlers: HandlerTable = {};

export const aliasesPolicies: Record<string, OperationPolicy> = {};
