/** Operations of the event-invoke-configs family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const eventInvokeConfigsHandlers: HandlerTable = {};

export const eventInvokeConfigsPolicies: Record<string, OperationPolicy> = {};
