/** Starts one Lambkin node: the app plus its HTTP front door and the surfaces behind it. */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { Config } from './config.js';
import { createApp, type App } from './app.js';
import { createFrontDoor, type FrontDoor } from './front-door/index.js';
import { serveHandFramed } from './wire/hand-framed.js';
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

/** As AWS's own endpoints keep an idle connection, and node:http is told to here too. */
const KEEP_ALIVE_MS = 65_000;

/**
 * One listener: each connection is read by hand while its requests are ones a surface takes that way
 * (plain Invoke), then handed to node:http, which carries everything else, for the rest of its life.
 */
function listenFrontDoor(frontDoor: FrontDoor) {
  const http = createHttpServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: 0 }, frontDoor.serve);
  // node:http keeps no list of connections it did not accept itself: this one does, for close.
  const open = new Set<Socket>();
  const handOff = (socket: Socket) => {
    http.emit('connection', socket);
    socket.resume();
  };
  const tcp = createTcpServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    serveHandFramed(socket, { claim: frontDoor.claimHandFramed, handOff, label: 'lambkin', idleTimeoutMs: KEEP_ALIVE_MS });
  });
  return {
    tcp,
    close: () => new Promise<void>((resolve) => {
      tcp.close(() => resolve());
      for (const socket of open) socket.destroy();
    }),
  };
}

export async function startServer(config: Config): Promise<RunningServer> {
  const app = createApp(config);
  const metrics = createPrometheusMetrics(app);
  const environments = new EnvironmentTracker();
  environments.attach(app.engine);
  // The console, metrics and other AWS services join here as surfaces of their own.
  const frontDoor = createFrontDoor([
    lambdaApiSurface(app), internalSurface({ ...app, storedKinds: [...STORED_KINDS, LOG_GROUP_KIND], environments }), ...functionUrlSurfaces(app),
    metricsSurface({ auth: app.auth, metrics }), cloudWatchLogsSurface(app), consoleSurface(app),
    cloudWatchSurface({ series: app.metricSeries, auth: app.auth }),
  ]);
  const server = listenFrontDoor(frontDoor);
  await new Promise<void>((resolve, reject) => {
    server.tcp.once('error', reject);
    server.tcp.listen(config.port, config.host, () => resolve());
  });
  const port = (server.tcp.address() as AddressInfo).port;
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
        await server.close();
        await app.close();
      })();
      return closing;
    },
  };
}
