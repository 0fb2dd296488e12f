/** The aims: each one stated, judged met/unmet (or not available) once measured, and summed up at the end. */
export interface Aim { name: string; target: string; figure: string; met: boolean | undefined }

export class Aims {
  readonly all: Aim[] = [];

  /** `met` undefined: could not be measured in this run (the figure says why). */
  record(name: string, target: string, figure: string, met: boolean | undefined): string {
    this.all.push({ name, target, figure, met });
    return `  aim ${verdict(met)}: ${name} ${target} (${figure})`;
  }

  /** A ratio aim: `value` at most (or at least) `limit` times the reference. */
  ratio(name: string, value: number, reference: number, limit: number, atMost: boolean): string {
    const r = value / reference;
    return this.record(name, `${atMost ? '<=' : '>='} ${limit}x`, `${r.toFixed(2)}x`, atMost ? r <= limit : r >= limit);
  }

  /** An absolute aim: `value` (in `unit`) at most `limit`. */
  atMost(name: string, value: number, limit: number, unit: string): string {
    return this.record(name, `<= ${limit} ${unit}`, `${value.toFixed(2)} ${unit}`, value <= limit);
  }

  summary(): string[] {
    const width = Math.max(...this.all.map((a) => a.name.length), 10);
    const lines = this.all.map((a) => `  ${verdict(a.met).padEnd(13)} ${a.name.padEnd(width)}  ${a.target.padEnd(12)} measured ${a.figure}`);
    const met = this.all.filter((a) => a.met === true).length;
    return [`aims: ${met} of ${this.all.length} met`, ...lines];
  }
}

function verdict(met: boolean | undefined): string {
  return met === undefined ? 'NOT AVAILABLE' : met ? 'met' : 'UNMET';
}
