/**
 * Counters and histograms whose series are looked up once per label set and then updated in place:
 * prom-client's own hash and check the labels on every update, which the invoke path cannot afford.
 * They register in a prom-client registry and read out as its Counter and Histogram do; a series that
 * was never updated is not shown, as with prom-client.
 */
import type { Metric, Registry } from 'prom-client';

type Labels = Readonly<Record<string, string>>;

interface Sample { value: number; labels: Record<string, string | number>; metricName?: string }

export class CounterSeries {
  value = 0;
  constructor(readonly labels: Labels) {}

  inc(): void {
    this.value += 1;
  }
}

export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last counts those above every bound. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly labels: Labels, private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }
}

abstract class BoundMetric<S extends { labels: Labels }> {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum';
  private all = new Map<string, S>();

  constructor(readonly name: string, readonly help: string, registry: Registry) {
    // The registry only asks a metric for its name, get() and reset().
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of a label set, the same one each time. */
  series(labels: Labels): S {
    const key = JSON.stringify(Object.values(labels));
    let found = this.all.get(key);
    if (!found) this.all.set(key, (found = this.make(labels)));
    return found;
  }

  reset(): void {
    this.all = new Map();
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const series of this.all.values()) this.samples(series, values);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  protected abstract make(labels: Labels): S;
  protected abstract samples(series: S, into: Sample[]): void;
}

export class BoundCounter extends BoundMetric<CounterSeries> {
  readonly type = 'counter';

  protected make(labels: Labels): CounterSeries {
    return new CounterSeries(labels);
  }

  protected samples(series: CounterSeries, into: Sample[]): void {
    if (series.value > 0) into.push({ value: series.value, labels: { ...series.labels } });
  }
}

export class BoundHistogram extends BoundMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(name: string, help: string, private readonly bounds: readonly number[], registry: Registry) {
    super(name, help, registry);
  }

  protected make(labels: Labels): HistogramSeries {
    return new HistogramSeries(labels, this.bounds);
  }

  /** As prom-client lays a histogram out: cumulative buckets with `le` first, then +Inf, sum and count. */
  protected samples(series: HistogramSeries, into: Sample[]): void {
    if (series.count === 0) return;
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += series.counts[i]!;
      into.push({ value: cumulative, labels: { le, ...series.labels }, metricName: bucket });
    });
    into.push({ value: series.count, labels: { le: '+Inf', ...series.labels }, metricName: bucket });
    into.push({ value: series.sum, labels: { ...series.labels }, metricName: `${this.name}_sum` });
    into.push({ value: series.count, labels: { ...series.labels }, metricName: `${this.name}_count` });
  }
}
