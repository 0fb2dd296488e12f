/** What the process table says, for tests that follow processes a function leaves behind. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Host pids whose command line carries the marker (a loop's $0). */
export function pidsMarked(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').includes(marker)) found.push(Number(name));
    } catch {
      // Exited while the table was read.
    }
  }
  return found;
}

/** Waits for a fact; the deadline only keeps a broken build from hanging. */
export async function until(what: string, fact: () => boolean): Promise<void> {
  for (let waited = 0; !fact(); waited += 10) {
    if (waited > 60_000) assert.fail(`gave up waiting: ${what}`);
    await sleep(10);
  }
}
