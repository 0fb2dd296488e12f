/**
 * CloudWatch metric reads: requests signed for `monitoring`, in any of the protocols its clients speak,
 * and unsigned JSON ones aimed at it by X-Amz-Target (so they get CloudWatch's refusal).
 */
import { createCloudWatchApi, SIGNING_NAME, type CloudWatchApiDeps } from '../../cloudwatch/http.js';
import { TARGET_PREFIX } from '../../cloudwatch/protocols/json.js';
import type { Surface } from '../surface.js';

export function cloudWatchSurface(deps: CloudWatchApiDeps): Surface {
  return { name: 'cloudwatch', claims: { signingNames: [SIGNING_NAME], targetPrefixes: [TARGET_PREFIX] }, serve: createCloudWatchApi(deps) };
}
