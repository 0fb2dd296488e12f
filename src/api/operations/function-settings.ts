/** Per-function settings: recursive loop detection and runtime management. */
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import { ValidationException } from '../../errors/catalogue.js';
import { formatViolations } from '../validate.js';
import { getFunctionRecursionConfig, putFunctionRecursionConfig } from '../../control/function-settings/recursion.js';
import { getRuntimeManagementConfig, putRuntimeManagementConfig } from '../../control/function-settings/runtime-management.js';
import { RECURSION_KIND, RUNTIME_MANAGEMENT_KIND, runtimeManagementKey } from '../../control/function-settings/records.js';

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

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async PutFunctionRecursionConfig(ctx, input) {
    checkRecursiveLoop(input.RecursiveLoop);
    return putFunctionRecursionConfig(deps, ctx.scope, input.FunctionName, input.RecursiveLoop);
  },

  async GetFunctionRecursionConfig(ctx, input) {
    return getFunctionRecursionConfig(deps, ctx.scope, input.FunctionName);
  },

  async PutRuntimeManagementConfig(ctx, input) {
    return putRuntimeManagementConfig(deps, ctx.scope, input);
  },

  async GetRuntimeManagementConfig(ctx, input) {
    return getRuntimeManagementConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },
});

const policies: PolicyTable = {
  PutFunctionRecursionConfig: { skipValidation: new Set(['recursiveLoop']) },
};

export const functionSettingsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [RECURSION_KIND, RUNTIME_MANAGEMENT_KIND],
  policies,
  // Recursion detection belongs to the function; runtime management to each version (never to an alias).
  dependants: {
    ofFunction: (scope, name) => [
      { op: 'delete', kind: RECURSION_KIND, scope, key: name },
      { op: 'deleteChildren', kind: RUNTIME_MANAGEMENT_KIND, scope, parent: name },
    ],
    ofVersion: (scope, name, version) => [{ op: 'delete', kind: RUNTIME_MANAGEMENT_KIND, scope, key: runtimeManagementKey(name, version) }],
  },
};
