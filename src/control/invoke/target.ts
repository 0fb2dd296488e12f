/** Which stored version an invocation runs, and the version AWS reports as executed. */
import type { App } from '../../app.js';
import type { LoadedFunction } from '../functions/service.js';
import { versionOf } from '../functions/service.js';
import type { VersionDoc } from '../functions/records.js';

export function resolveTarget(_app: App, loaded: LoadedFunction): { version: VersionDoc; executedVersion: string } {
  const version = versionOf(loaded);
  return { version, executedVersion: version.config.Version ?? '$LATEST' };
}
