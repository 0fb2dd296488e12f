/** The Lambda API: requests signed for `lambda`, and unsigned ones (which it refuses as AWS does). */
import { createLambdaApi, type LambdaApiDeps } from '../../api/http.js';
import type { Surface } from '../surface.js';

export function lambdaApiSurface(deps: LambdaApiDeps): Surface {
  const { serve, claimHandFramed } = createLambdaApi(deps);
  return { name: 'lambda', claims: { signingNames: ['lambda'], default: true }, serve, claimHandFramed };
}
