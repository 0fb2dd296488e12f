/**
 * The Prometheus text exposition format (version 0.0.4) of a registry, optionally narrowed to one
 * account's series: what a signed scrape sees. Series without an account label (none today) are kept
 * only in an unnarrowed scrape.
 */
import type { Registry } from 'prom-client';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Record<string, string | number | undefined>): string {
  const parts = Object.entries(labels)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}="${escapeLabel(typeof v === 'number' ? number(v) : v!)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

export async function exposition(registry: Registry, accountId?: string): Promise<string> {
  const blocks: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    const lines = [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`];
    for (const sample of metric.values as Array<{ value: number; labels: Record<string, string | number | undefined>; metricName?: string }>) {
      if (accountId !== undefined && sample.labels.account !== accountId) continue;
      lines.push(`${sample.metricName ?? metric.name}${labelText(sample.labels)} ${number(sample.value)}`);
    }
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
