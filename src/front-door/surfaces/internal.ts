/** Lambkin's own endpoints under /_lambkin/, whatever the host or signature (each endpoint checks its own). */
import type { App } from '../../app.js';
import { handleInternal } from '../../api/internal.js';
import type { Surface } from '../surface.js';

export function internalSurface(app: App): Surface {
  return {
    name: 'internal',
    claims: { pathPrefix: '/_lambkin/' },
    serve: (req, res, arrival) => handleInternal(app, req, res, arrival.rawPath, new URLSearchParams(arrival.rawQuery)),
  };
}
