/** Wires the components of one Lambkin node together: the one place that holds them all; every surface, family and rule is handed only the components it names. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import type { MetadataStore } from './store/types.js';
import { SqliteMetadataStore } from './store/sqlite.js';
import { FileBlobStore, type BlobStore } from './store/blobs/index.js';
import { UnpackedCodeCache } from './code/unpacked.js';
import { createAuthenticator, type Authenticator } from './api/auth/index.js';
import { CodeLinks } from './control/code-links.js';
import { AppEvents } from './control/events.js';
import { Engine } from './engine/index.js';
import { AsyncQueue } from './async/queue.js';
import { installAsyncPipeline } from './async/pipeline.js';
import { forgetSnapshots } from './control/invoke/snapshot.js';
import { functionArn } from './control/arn.js';
import { defaultFunctionUrlBase } from './control/function-urls/url.js';
import { SourceManager } from './sources/manager.js';
import { eventSources } from './sources/index.js';
import { MetricSeriesStore, lambdaMetricsObserver } from './metrics/series/index.js';
import { HotReloadWatcher } from './code/hot-reload/watcher.js';
import { createDurableExecutions, type DurableExecutions } from './durable/index.js';

export interface App {
  config: Config;
  store: MetadataStore;
  blobs: BlobStore;
  code: UnpackedCodeCache;
  auth: Authenticator;
  links: CodeLinks;
  events: AppEvents;
  engine: Engine;
  asyncQueue: AsyncQueue;
  /** Durable executions: their checkpoint logs, timers and callbacks (recovered once the server listens). */
  durable: DurableExecutions;
  /** Runs the event source mappings' pollers (started once the server listens). */
  sourceManager: SourceManager;
  /** The AWS/Lambda metric series CloudWatch reads answer from, fed by the engine. */
  metricSeries: MetricSeriesStore;
  /** Base URL clients and functions reach this node at (set once listening). */
  endpoint: string;
  /** What function URLs hang from: `localhost` on this node's port. */
  functionUrlBase(): string;
  close(): Promise<void>;
}

/** A per-data-dir secret for signing the code download links (kept so links survive a restart). */
function loadSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/**
 * This node's name in the lease table, kept in the data dir: after a crash the restarted node takes
 * its mappings' leases back at once instead of waiting for the old terms to expire.
 */
function loadNodeId(dataDir: string): string {
  const file = join(dataDir, 'node-id');
  if (!existsSync(file)) writeFileSync(file, `node-${randomBytes(8).toString('hex')}`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const RUNTIME_DIR = fileURLToPath(new URL('../runtimes', import.meta.url));

export function createApp(config: Config): App {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = new SqliteMetadataStore(join(config.dataDir, 'lambkin.db'));
  const blobs = new FileBlobStore(join(config.dataDir, 'blobs'));
  // A save in a hot-reload folder replaces the environments that mounted it (busy ones after their invoke).
  const hotReload = new HotReloadWatcher((dir) => app.engine.retire((fn) => fn.codeDir === dir || fn.layerDirs.includes(dir)));
  const app: App = {
    config,
    store,
    blobs,
    code: new UnpackedCodeCache(join(config.dataDir, 'code'), blobs, (dir) => hotReload.watch(dir)),
    auth: createAuthenticator({
      defaultAccountId: config.accountId,
      ...(config.credentialsFile ? { credentialsFile: config.credentialsFile } : {}),
    }),
    links: new CodeLinks(loadSecret(config.dataDir), () => app.endpoint),
    events: new AppEvents(),
    engine: undefined as unknown as Engine,
    asyncQueue: undefined as unknown as AsyncQueue,
    durable: undefined as unknown as DurableExecutions,
    sourceManager: undefined as unknown as SourceManager,
    metricSeries: new MetricSeriesStore(),
    endpoint: `http://${config.host}:${config.port}`,
    functionUrlBase: () => config.functionUrlBase ?? defaultFunctionUrlBase(app.endpoint),
    async close() {
      // Pollers invoke functions: they stop before the engine does.
      await app.sourceManager.stop();
      app.asyncQueue.stop();
      app.durable.stop();
      hotReload.close();
      await app.engine.shutdown();
      await store.close();
    },
  };
  app.engine = new Engine({
    dataDir: config.dataDir,
    // Read when an environment is first built, by which time the server knows its port.
    get lambkinEndpoint() { return app.endpoint; },
    credentialsFor: (accountId) => app.auth.credentialsForAccount(accountId),
    runtimeDir: RUNTIME_DIR,
    keepAliveMs: config.keepAliveMs,
    sandbox: config.sandbox,
    prestart: config.prestart,
    runtimeExecutables: config.runtimeExecutables,
    strictRuntimes: config.strictRuntimes,
    runtimeCacheDir: config.runtimeCacheDir,
    npmRegistry: config.npmRegistry,
  });
  app.engine.observe(lambdaMetricsObserver(app.metricSeries));
  app.asyncQueue = new AsyncQueue(app);
  installAsyncPipeline(app);
  app.durable = createDurableExecutions(app);
  app.sourceManager = new SourceManager({
    store, code: app.code, engine: app.engine, config, logs: app.engine.logs, durable: app.durable,
    sources: eventSources({ mqBrokers: config.mqBrokers }),
  }, { holder: loadNodeId(config.dataDir) });
  app.events.on('function-changed', ({ accountId, region, name }) => {
    const arn = functionArn({ accountId, region, name });
    forgetSnapshots(accountId, arn);
    app.engine.retire((fn) => fn.accountId === accountId && fn.functionArn === arn);
  });
  return app;
}
