export { MetricSeriesStore, SeriesHandle, RETENTION_MS, MINUTE_MS, type Dimension, type MetricId, type SeriesScope } from './store.js';
export { percentile, type PeriodStatistics } from './bucket.js';
export { lambdaMetricsObserver, LAMBDA_NAMESPACE } from './lambda-observer.js';
