/** Starts one Lambkin node: the app plus its HTTP front door and the surfaces behind it. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createApp, type App } from './app.js';
import { createFrontDoor } from './front-door/index.js';
import { lambdaApiSurface } from './front-door/surfaces/lambda-api.js';
import { internalSurface } from './front-door/surfaces/internal.js';
import { functionUrlSurfaces } from './front-door/surfaces/function-urls.js';
import { cloudWatchSurface } from './front-door/surfaces/cloudwatch.js';
import { STORED_KINDS } from './api/operations/index.js';
import { metricsSurface } from './front-door/surfaces/metrics.js';
import { createPrometheusMetrics } from './metrics/prometheus/index.js';
import { cloudWatchLogsSurface, LOG_GROUP_KIND } from './front-door/surfaces/cloudwatch-logs.js';
import { consoleSurface } from './console/surface.js';
import { EnvironmentTracker } from './status/environments.js';

export interface RunningServer {
  url: string;
  port: number;
  app: App;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const app = createApp(config);
  const metrics = createPrometheusMetrics(app);
  const environments = new EnvironmentTracker();
  environments.attach(app.engine);
  const server: Server = createServer(
    { keepAliveTimeout: 65_000, requestTimeout: 0 },
    // The console, metrics and other AWS services join here as surfaces of their own.
    createFrontDoor([
      lambdaApiSurface(app), internalSurface({ ...app, storedKinds: [...STORED_KINDS, LOG_GROUP_KIND], environments }), ...functionUrlSurfaces(app),
      metricsSurface({ auth: app.auth, metrics }), cloudWatchLogsSurface(app), consoleSurface(app),
      cloudWatchSurface({ series: app.metricSeries, auth: app.auth }),
    ]),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  app.endpoint = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await app.engine.start();
  await app.asyncQueue.start();
  await app.sourceManager.start();
  await app.durable.recover();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await app.close();
      })();
      return closing;
    },
  };
}
