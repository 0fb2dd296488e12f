/** Changes other components react to (the engine retires environments of a changed function). */
import { EventEmitter } from 'node:events';

export interface FunctionChanged { accountId: string; region: string; name: string; deleted?: boolean }

interface EventMap { 'function-changed': [FunctionChanged] }

export class AppEvents extends EventEmitter<EventMap> {}
