/** The CloudWatch Logs API: requests signed for `logs`, and unsigned ones aimed at it by X-Amz-Target. */
import { createLogsApi, SIGNING_NAME, TARGET_PREFIX, type LogsApiSurfaceDeps } from '../../logs-api/http.js';
import type { Surface } from '../surface.js';

export { LOG_GROUP_KIND } from '../../logs-api/groups.js';

export function cloudWatchLogsSurface(deps: LogsApiSurfaceDeps): Surface {
  return { name: 'cloudwatch-logs', claims: { signingNames: [SIGNING_NAME], targetPrefixes: [TARGET_PREFIX] }, serve: createLogsApi(deps) };
}
