/** InvokeWithResponseStream. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const invokeStreamHandlers: HandlerTable = {};

export const invokeStreamPolicies: Record<string, OperationPolicy> = {};
