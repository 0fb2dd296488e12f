/** Operations of the concurrency family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const concurrencyHandlers: HandlerTable = {};

export const concurrencyPolicies: Record<string, OperationPolicy> = {};
