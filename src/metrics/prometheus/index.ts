/**
 * Lambkin's Prometheus metrics: a registry of its own (never prom-client's global one) fed by the
 * engine's and the async pipeline's observers, with the queue and the event source pollers read at
 * scrape time. The engine, pipeline and pollers know nothing of it.
 */
import { Registry } from 'prom-client';
import type { Engine } from '../../engine/index.js';
import type { AsyncQueue } from '../../async/queue.js';
import type { SourceManager } from '../../sources/manager.js';
import { SeriesBudget, functionVersionLimit } from './series-budget.js';
import { invocationMetrics } from './invocation-metrics.js';
import { asyncMetrics } from './async-metrics.js';
import { sourceMetrics } from './source-metrics.js';
import { exposition } from './exposition.js';

export { EXPOSITION_CONTENT_TYPE } from './exposition.js';

export interface MetricsSources {
  engine: Pick<Engine, 'observe'>;
  asyncQueue: Pick<AsyncQueue, 'observe' | 'held'>;
  sourceManager: Pick<SourceManager, 'status'>;
}

export interface PrometheusMetrics {
  /** The exposition text; with an account, only that account's series. */
  scrape(accountId?: string): Promise<string>;
  /** Stops listening to the engine and the pipeline. */
  close(): void;
}

/** Subscribe before the engine starts, so every environment it brings up is counted. */
export function createPrometheusMetrics(from: MetricsSources, limit = functionVersionLimit()): PrometheusMetrics {
  const registry = new Registry();
  const budget = new SeriesBudget(limit);
  const unsubscribe = [
    from.engine.observe(invocationMetrics(registry, budget)),
    from.asyncQueue.observe(asyncMetrics(registry, budget, from.asyncQueue)),
  ];
  sourceMetrics(registry, from.sourceManager);
  return {
    scrape: (accountId) => exposition(registry, accountId),
    close: () => unsubscribe.forEach((stop) => stop()),
  };
}
