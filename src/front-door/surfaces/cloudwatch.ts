/** CloudWatch metric reads: requests signed for `monitoring`, in any of the protocols its clients speak. */
import { createCloudWatchApi, SIGNING_NAME, type CloudWatchApiDeps } from '../../cloudwatch/http.js';
import type { Surface } from '../surface.js';

export function cloudWatchSurface(deps: CloudWatchApiDeps): Surface {
  return { name: 'cloudwatch', claims: { signingNames: [SIGNING_NAME] }, serve: createCloudWatchApi(deps) };
}
