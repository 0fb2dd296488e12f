import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupVersion, sweepStaleCgroups } from '../../src/engine/sandbox/cgroups.js';

const version = detectCgroupVersion();
const parent = version === 1 ? '/sys/fs/cgroup/memory/lambkin' : '/sys/fs/cgroup/lambkin';

test('groups a killed server left behind are swept, fresh ones are kept', { skip: !version && 'no cgroups here' }, () => {
  mkdirSync(parent, { recursive: true });
  const fresh = join(parent, `sweep-test-${process.pid}`);
  mkdirSync(fresh);
  try {
    sweepStaleCgroups(version!);
    assert.equal(existsSync(fresh), true, 'a group created moments ago may be about to receive its process');
    sweepStaleCgroups(version!, Date.now() + 120_000);
    assert.equal(existsSync(fresh), false, 'an empty group older than a minute is a leftover');
  } finally {
    if (existsSync(fresh)) rmdirSync(fresh);
  }
});
