/** The Lambda API: requests signed for `lambda`, and unsigned ones (which it refuses as AWS does). */
import type { App } from '../../app.js';
import { createLambdaApi } from '../../api/http.js';
import type { Surface } from '../surface.js';

export function lambdaApiSurface(app: App): Surface {
  return { name: 'lambda', claims: { signingNames: ['lambda'], default: true }, serve: createLambdaApi(app) };
}
