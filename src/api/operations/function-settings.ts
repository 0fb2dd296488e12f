/** Per-function settings: recursive loop detection and runtime management. */
import type { HandlerTable, OperationPolicy } from './types.js';
import { ValidationException } from '../../errors/catalogue.js';
import { formatViolations } from '../validate.js';
import { getFunctionRecursionConfig, putFunctionRecursionConfig } from '../../control/function-settings/recursion.js';
import { getRuntimeManagementConfig, putRuntimeManagementConfig } from '../../control/function-settings/runtime-management.js';

/** AWS lists this enum in its own order, not the model's. */
const RECURSIVE_LOOP_VALUES = ['Terminate', 'Allow'] as const;

function checkRecursiveLoop(value: unknown): void {
  if (value === undefined || value === null) {
    throw new ValidationException(formatViolations([{ path: 'recursiveLoop', value: null, constraint: 'Member must not be null' }]));
  }
  if (!(RECURSIVE_LOOP_VALUES as readonly unknown[]).includes(value)) {
    throw new ValidationException(formatViolations([{
      path: 'recursiveLoop', value, constraint: `Member must satisfy enum value set: [${RECURSIVE_LOOP_VALUES.join(', ')}]`,
    }]));
  }
}

export const functionSettingsHandlers: HandlerTable = {
  async PutFunctionRecursionConfig(ctx, input) {
    checkRecursiveLoop(input.RecursiveLoop);
    return putFunctionRecursionConfig(ctx.app, ctx.scope, input.FunctionName, input.RecursiveLoop);
  },

  async GetFunctionRecursionConfig(ctx, input) {
    return getFunctionRecursionConfig(ctx.app, ctx.scope, input.FunctionName);
  },

  async PutRuntimeManagementConfig(ctx, input) {
    return putRuntimeManagementConfig(ctx.app, ctx.scope, input);
  },

  async GetRuntimeManagementConfig(ctx, input) {
    return getRuntimeManagementConfig(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },
};

export const functionSettingsPolicies: Record<string, OperationPolicy> = {
  PutFunctionRecursionConfig: { skipValidation: new Set(['recursiveLoop']) },
};
