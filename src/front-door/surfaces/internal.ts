/** Lambkin's own endpoints under /_lambkin/, whatever the host or signature (each endpoint checks its own). */
import { handleInternal, type InternalDeps } from '../../api/internal.js';
import type { Surface } from '../surface.js';

export function internalSurface(deps: InternalDeps): Surface {
  return {
    name: 'internal',
    claims: { pathPrefix: '/_lambkin/' },
    serve: (req, res, arrival) => handleInternal(deps, req, res, arrival.rawPath, new URLSearchParams(arrival.rawQuery)),
  };
}
