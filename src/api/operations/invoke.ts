/** Operations of the invoke family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const invokeHandlers: HandlerTable = {};

export const invokePolicies: Record<string, OperationPolicy> = {};
