/** Percentiles and the report lines. */
export interface Latency { p50: number; p99: number; n: number }

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

const ms = (v: number) => `${v.toFixed(2).padStart(7)} ms`;
const ratio = (v: number) => `${v.toFixed(2)}x`;

export function latencyLine(label: string, lambkin: Latency, floor: Latency): string {
  return `${label.padEnd(30)} p50 ${ms(lambkin.p50)}  p99 ${ms(lambkin.p99)}  | floor p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}` +
    `  | ratio p50 ${ratio(lambkin.p50 / floor.p50)}  p99 ${ratio(lambkin.p99 / floor.p99)}  (n=${lambkin.n})`;
}

export function throughputLine(label: string, lambkin: number, floor: number): string {
  return `${label.padEnd(30)} ${lambkin.toFixed(0).padStart(6)} inv/s  | floor ${floor.toFixed(0).padStart(6)} inv/s` +
    `  | ratio ${ratio(floor / lambkin)} (floor/lambkin)`;
}
