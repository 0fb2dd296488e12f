/**
 * The web console at /_lambkin/console/: a page of plain ES modules (./static) that calls the real
 * Lambda API from the browser, plus the few endpoints of its own that the API has no operation for.
 */
import type { ServerResponse } from 'node:http';
import type { Surface } from '../front-door/surface.js';
import type { Engine } from '../engine/index.js';
import { API_PREFIX, serveConsoleApi, type ConsoleApiDeps } from './api.js';
import { ConsoleActivity } from './activity.js';
import { staticFile } from './static-files.js';

export const CONSOLE_PREFIX = '/_lambkin/console/';

function notFound(res: ServerResponse, path: string): void {
  const body = Buffer.from(JSON.stringify({ message: `No console page at ${path}` }));
  res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
}

export type ConsoleDeps = Omit<ConsoleApiDeps, 'activity' | 'engine'> & { engine: Pick<Engine, 'logs' | 'observe'> };

export function consoleSurface(nodeDeps: ConsoleDeps): Surface {
  const activity = new ConsoleActivity();
  nodeDeps.engine.observe(activity.observer);
  const deps: ConsoleApiDeps = { ...nodeDeps, activity };
  return {
    name: 'console',
    // Without its slash too, so the address typed bare lands on the page.
    claims: { pathPrefix: CONSOLE_PREFIX.slice(0, -1) },
    async serve(req, res, arrival) {
      if (arrival.rawPath === CONSOLE_PREFIX.slice(0, -1)) {
        req.resume();
        res.writeHead(301, { Location: CONSOLE_PREFIX, 'Content-Length': 0 }).end();
        return;
      }
      if (!arrival.rawPath.startsWith(CONSOLE_PREFIX)) return notFound(res, arrival.rawPath);
      if (arrival.rawPath.startsWith(API_PREFIX)) {
        return serveConsoleApi(deps, req, res, arrival.rawPath.slice(API_PREFIX.length), new URLSearchParams(arrival.rawQuery));
      }
      req.resume();
      const file = req.method === 'GET' || req.method === 'HEAD' ? await staticFile(arrival.rawPath.slice(CONSOLE_PREFIX.length)) : undefined;
      if (!file) return notFound(res, arrival.rawPath);
      res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    },
  };
}
