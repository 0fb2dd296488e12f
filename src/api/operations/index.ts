/** Every implemented operation, one module per resource family. */
import type { HandlerTable, OperationPolicy } from './types.js';
import { functionHandlers, functionPolicies } from './functions.js';
import { tagHandlers } from './tags.js';
import { accountHandlers } from './account.js';
import { versionsHandlers, versionsPolicies } from './versions.js';
import { aliasesHandlers, aliasesPolicies } from './aliases.js';
import { layersHandlers, layersPolicies } from './layers.js';
import { permissionsHandlers, permissionsPolicies } from './permissions.js';
import { invokeHandlers, invokePolicies } from './invoke.js';
import { eventInvokeConfigsHandlers, eventInvokeConfigsPolicies } from './event-invoke-configs.js';
import { invokeStreamHandlers, invokeStreamPolicies } from './invoke-stream.js';
import { concurrencyHandlers, concurrencyPolicies } from './concurrency.js';
import { functionSettingsHandlers, functionSettingsPolicies } from './function-settings.js';

export const HANDLERS: HandlerTable = {
  ...functionHandlers,
  ...tagHandlers,
  ...accountHandlers,
  ...versionsHandlers,
  ...aliasesHandlers,
  ...layersHandlers,
  ...permissionsHandlers,
  ...invokeHandlers,
  ...eventInvokeConfigsHandlers,
  ...invokeStreamHandlers,
  ...concurrencyHandlers,
  ...functionSettingsHandlers,
};

export const POLICIES: Record<string, OperationPolicy> = {
  ...functionPolicies,
  ...versionsPolicies,
  ...aliasesPolicies,
  ...layersPolicies,
  ...permissionsPolicies,
  ...invokePolicies,
  ...eventInvokeConfigsPolicies,
  ...invokeStreamPolicies,
  ...concurrencyPolicies,
  ...functionSettingsPolicies,
};
