/** Plain aligned columns for the terminal: a header row and the rows under it, numbers right-aligned. */
import type { Terminal } from './terminal.js';

export function table(out: Terminal, header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (row: string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [out.bold(line(header)), ...cells.map(line)].map((l) => `  ${l}\n`).join('');
}
