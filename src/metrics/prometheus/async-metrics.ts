/** The asynchronous pipeline as Prometheus metrics: its queue (read at scrape time), retries and deliveries. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AsyncObserver, EventFunction } from '../../async/observer.js';
import type { AsyncQueue } from '../../async/queue.js';
import { splitIdentifier } from '../../control/arn.js';
import { destinationKind } from '../../control/event-invoke-configs/destinations.js';
import { FUNCTION_LABEL_NAMES, type FunctionLabels, type SeriesBudget } from './series-budget.js';

function labelsOf(budget: SeriesBudget, fn: EventFunction): FunctionLabels {
  const name = splitIdentifier(fn.functionArn)?.name ?? fn.functionArn;
  return budget.labels(fn.accountId, fn.region, name, fn.qualifier);
}

export function asyncMetrics(registry: Registry, budget: SeriesBudget, queue: Pick<AsyncQueue, 'held'>): AsyncObserver {
  const labelNames = FUNCTION_LABEL_NAMES;
  const registers = [registry];
  const retries = new Counter({
    name: 'lambkin_async_retries_total', help: 'Asynchronous events scheduled to be tried again, by cause.',
    labelNames: [...labelNames, 'cause'], registers,
  });
  const deliveries = new Counter({
    name: 'lambkin_async_destination_deliveries_total',
    help: 'Sends of asynchronous invocation records to destinations and of events to dead-letter targets, by target, destination type and outcome.',
    labelNames: [...labelNames, 'target', 'destination_type', 'outcome'], registers,
  });
  /** One pass over the queue serves both gauges of a scrape. */
  const readQueue = () => {
    const byFunction = new Map<string, { labels: FunctionLabels; depth: number; oldest: number }>();
    for (const { scope, doc } of queue.held()) {
      const labels = labelsOf(budget, { accountId: scope.accountId, region: scope.region, functionArn: doc.functionArn, qualifier: doc.qualifier ?? '$LATEST' });
      const key = Object.values(labels).join('\n');
      const entry = byFunction.get(key);
      if (entry) {
        entry.depth++;
        entry.oldest = Math.min(entry.oldest, doc.enqueuedAt);
      } else {
        byFunction.set(key, { labels, depth: 1, oldest: doc.enqueuedAt });
      }
    }
    return byFunction;
  };
  new Gauge({
    name: 'lambkin_async_queue_depth', help: 'Asynchronous events held and not yet finished (waiting, running, or being delivered).', labelNames, registers,
    collect() {
      this.reset();
      for (const { labels, depth } of readQueue().values()) this.set({ ...labels }, depth);
    },
  });
  new Gauge({
    name: 'lambkin_async_oldest_event_age_seconds', help: 'Age of the oldest asynchronous event held.', labelNames, registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const { labels, oldest } of readQueue().values()) this.set({ ...labels }, Math.max(0, now - oldest) / 1000);
    },
  });
  return {
    retryScheduled(event) {
      retries.inc({ ...labelsOf(budget, event.fn), cause: event.cause });
    },
    deliveryAttempted(event) {
      const target = event.target === 'dead-letter' ? 'dead-letter' : event.condition === 'Success' ? 'on-success' : 'on-failure';
      deliveries.inc({
        ...labelsOf(budget, event.fn), target, destination_type: destinationKind(event.arn) ?? 'unknown', outcome: event.outcome,
      });
    },
  };
}
