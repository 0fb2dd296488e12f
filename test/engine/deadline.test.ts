// The invocation deadline never fires early, even on a loop kept busy by other work (where setTimeout can).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DeadlineClock, deadlineTimer } from '../../src/engine/deadline.js';
import { SCHEDULING_TOLERANCE_MS, until } from '../support/timing.js';

test('a deadline fires only once its whole delay has passed, with the loop busy', async () => {
  // A loop woken constantly, like a server's: timers are checked against its millisecond clock every turn.
  let spinning = true;
  const spin = (): void => {
    if (spinning) setImmediate(spin);
  };
  spin();
  const elapsed: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const startedAt = performance.now();
      await new Promise<void>((resolve) => deadlineTimer(startedAt, 20, () => {
        elapsed.push(performance.now() - startedAt);
        resolve();
      }));
    }
  } finally {
    spinning = false;
  }
  const early = elapsed.filter((ms) => ms < 20);
  assert.deepEqual(early, [], `fired early: ${early.map((ms) => ms.toFixed(3)).join(', ')} ms`);
});

test('a cleared deadline does not fire', async () => {
  let fired = false;
  clearTimeout(deadlineTimer(performance.now(), 10, () => (fired = true)));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fired, false);
});

test('a deadline clock armed again and again fires once, a whole delay after its last arm', async () => {
  // Arms come a few ms apart; the delay is the scheduling tolerance, so no gap between arms outlasts it.
  const fired: number[] = [];
  const clock = new DeadlineClock(SCHEDULING_TOLERANCE_MS, () => fired.push(performance.now()));
  let lastArm = 0;
  for (let i = 0; i < 5; i++) {
    lastArm = performance.now();
    clock.arm(lastArm);
    await new Promise((r) => setTimeout(r, 10));
  }
  await until('the clock fired', () => fired.length > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fired.length, 1);
  assert.ok(fired[0]! - lastArm >= SCHEDULING_TOLERANCE_MS, `fired ${(fired[0]! - lastArm).toFixed(3)} ms after the last arm`);
  clock.stop();
});

test('a disarmed deadline clock does not fire, and fires again once re-armed', async () => {
  let fired = 0;
  const clock = new DeadlineClock(10, () => fired++);
  clock.arm(performance.now());
  clock.disarm();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fired, 0);
  clock.arm(performance.now());
  await until('the re-armed clock fired', () => fired === 1);
  clock.stop();
});
