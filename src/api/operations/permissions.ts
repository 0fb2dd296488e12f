/** Operations of the permissions family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const permissionsHandlers: HandlerTable = {};

export const permissionsPolicies: Record<string, OperationPolicy> = {};
