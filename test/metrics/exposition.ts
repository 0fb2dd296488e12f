/** Reads Prometheus text exposition strictly, as a scraper would, for asserting exact samples. */
import assert from 'node:assert/strict';

export interface Sample { name: string; labels: Record<string, string>; value: number }
export interface Scrape { samples: Sample[]; types: Map<string, string>; help: Map<string, string> }

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    assert.ok(m, `bad labels in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  assert.ok(text === 'NaN' || !Number.isNaN(value), `bad value ${text}`);
  return value;
}

export function parseExposition(text: string): Scrape {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const scrape: Scrape = { samples: [], types: new Map(), help: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'TYPE' ? scrape.types : scrape.help).set(meta[2]!, meta[3]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    scrape.samples.push({ name: m[1]!, labels: m[2] ? parseLabels(m[2], line) : {}, value: parseValue(m[3]!) });
  }
  return scrape;
}

/** The samples of `name` whose labels include every one of `match`. */
export function samples(scrape: Scrape, name: string, match: Record<string, string> = {}): Sample[] {
  return scrape.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of `name` with exactly these labels; undefined when there is none. */
export function value(scrape: Scrape, name: string, labels: Record<string, string>): number | undefined {
  const found = scrape.samples.filter((s) => s.name === name
    && Object.keys(s.labels).length === Object.keys(labels).length
    && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${found.length} samples of ${name} with ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

export async function scrape(baseUrl: string, query = ''): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/_lambkin/metrics${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text());
}
