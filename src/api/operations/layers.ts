/** Operations of the layers family. */
import type { HandlerTable, OperationPolicy } from './types.js';

export const layersHandlers: HandlerTable = {};

export const layersPolicies: Record<string, OperationPolicy> = {};
