/** Every CloudWatch Logs operation Lambkin answers, by name (X-Amz-Target `Logs_20140328.<name>`). */
import { eventHandlers } from './events.js';
import { groupHandlers } from './groups.js';
import { streamHandlers } from './streams.js';
import type { LogsHandlerTable } from './types.js';

export const LOGS_OPERATIONS: LogsHandlerTable = { ...groupHandlers, ...streamHandlers, ...eventHandlers };
