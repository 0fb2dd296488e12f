/**
 * Function URL configurations as stored: one per function ($LATEST) or alias, filed under the function
 * (parent = function name) so they go with it. A URL's id is random and stable for the config's life; the
 * gateway finds a config by id (`findByUrlId`), in any account and the region the host names.
 */
import type { Cors, FunctionUrlAuthType, InvokeMode } from '../../model/types.generated.js';

export const FUNCTION_URL_KIND = 'function-url';

export interface FunctionUrlDoc {
  /** 32 lower-case letters and digits, as AWS's: `<urlId>.lambda-url.<region>.on.aws`. */
  urlId: string;
  functionName: string;
  /** The alias it belongs to; absent for the unqualified function ($LATEST). */
  qualifier?: string;
  authType: FunctionUrlAuthType;
  cors?: Cors;
  invokeMode: InvokeMode;
  /** ISO-8601 with microseconds, as AWS writes them. */
  creationTime: string;
  lastModifiedTime: string;
}

/** `name` for the function itself, `name:alias` for an alias. */
export function functionUrlKey(functionName: string, qualifier?: string): string {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}
