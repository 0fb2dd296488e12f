/** Operations of the function-settings family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const functionSettingsHandlers: HandlerTable = {};

export const functionSettingsPolicies: Record<string, OperationPolicy> = {};
