/**
 * Event source mappings as Prometheus metrics, read at scrape time from what the source manager keeps
 * of each poller (the figures /_lambkin/event-source-mappings shows). The counts start afresh when the
 * server does; a deleted mapping's series go with it.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SourceManager } from '../../sources/manager.js';
import type { MappingStatus } from '../../sources/status.js';

const MAPPING_LABEL_NAMES = ['account', 'region', 'function', 'uuid', 'source'] as const;

function mappingLabels(m: MappingStatus) {
  return { account: m.accountId, region: m.region, function: m.functionName, uuid: m.uuid, source: m.source ?? 'none' };
}

export function sourceMetrics(registry: Registry, sources: Pick<SourceManager, 'status'>): void {
  const registers = [registry];
  new Gauge({
    name: 'lambkin_event_source_mapping_lag_seconds', help: 'Age of the oldest record a mapping has not processed yet, as its poller last saw it (0 when caught up).',
    labelNames: MAPPING_LABEL_NAMES, registers,
    collect() {
      this.reset();
      for (const m of sources.status()) this.set(mappingLabels(m), m.lagMs / 1000);
    },
  });
  new Counter({
    name: 'lambkin_event_source_mapping_batches_total', help: 'Batches a mapping invoked its function with, by outcome.',
    labelNames: [...MAPPING_LABEL_NAMES, 'outcome'], registers,
    collect() {
      this.reset();
      for (const m of sources.status()) {
        this.inc({ ...mappingLabels(m), outcome: 'success' }, m.counts.invokedOk);
        this.inc({ ...mappingLabels(m), outcome: 'failure' }, m.counts.invokedFailed);
      }
    },
  });
  new Counter({
    name: 'lambkin_event_source_mapping_records_total', help: 'Records a mapping read from its source, dropped by its filters, or gave up on, by stage.',
    labelNames: [...MAPPING_LABEL_NAMES, 'stage'], registers,
    collect() {
      this.reset();
      for (const m of sources.status()) {
        this.inc({ ...mappingLabels(m), stage: 'received' }, m.counts.received);
        this.inc({ ...mappingLabels(m), stage: 'filtered' }, m.counts.filtered);
        this.inc({ ...mappingLabels(m), stage: 'discarded' }, m.counts.discarded);
      }
    },
  });
}
