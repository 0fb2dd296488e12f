import type { Scope } from '../../store/types.js';
import type { LogsApiDeps } from '../groups.js';
import type { Body } from '../input.js';

/** One operation: the caller's account and region, the request's JSON body → the answer's JSON body. */
export type LogsHandler = (deps: LogsApiDeps, scope: Scope, body: Body) => Promise<Record<string, unknown>>;
export type LogsHandlerTable = Record<string, LogsHandler>;
