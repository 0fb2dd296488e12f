/** Percentiles and the report lines. */
export interface Latency { p50: number; p99: number; n: number }

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

export const ms = (v: number) => `${v.toFixed(2).padStart(7)} ms`;
const ratio = (v: number) => `${v.toFixed(2)}x`;

/** `other` names the column the first figure is compared with: the floor, or a peer. */
export function latencyLine(label: string, lambkin: Latency, reference: Latency, other = 'floor'): string {
  return `${label.padEnd(34)} p50 ${ms(lambkin.p50)}  p99 ${ms(lambkin.p99)}  | ${other} p50 ${ms(reference.p50)}  p99 ${ms(reference.p99)}` +
    `  | ratio p50 ${ratio(lambkin.p50 / reference.p50)}  p99 ${ratio(lambkin.p99 / reference.p99)}  (n=${lambkin.n})`;
}

export function throughputLine(label: string, lambkin: number, reference: number, other = 'floor'): string {
  return `${label.padEnd(34)} ${lambkin.toFixed(0).padStart(6)} inv/s  | ${other} ${reference.toFixed(0).padStart(6)} inv/s` +
    `  | ratio ${ratio(lambkin / reference)} (lambkin/${other})`;
}
