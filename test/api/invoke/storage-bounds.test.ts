// What a function can write: /tmp up to EphemeralStorage, /dev/shm up to 64 MB, /dev not at all.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from './helpers.js';

const server = await startLambkin();
const client = server.client();

/** Writes `mb` MB to `path` 1 MB at a time; answers how many MB were written and the error that stopped it. */
const WRITER = {
  'index.js': `const fs = require('fs');
exports.handler = async ({ path, mb }) => {
  const chunk = Buffer.alloc(1 << 20, 7);
  let written = 0;
  let error = null;
  let fd;
  try {
    fd = fs.openSync(path, 'w');
    for (; written < mb; written++) fs.writeSync(fd, chunk);
  } catch (err) {
    error = err.code;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    try { fs.unlinkSync(path); } catch {}
  }
  return { written, error };
};
`,
};

interface Written { written: number; error: string | null }

async function write(name: string, path: string, mb: number): Promise<Written> {
  const r = await invoke(client, name, { path, mb });
  assert.equal(r.functionError, undefined, r.text);
  return r.json<Written>();
}

const SANDBOXED = !/WITHOUT isolation|process mode/.test(server.output());

describe('writable space inside the sandbox', { skip: SANDBOXED ? false : 'bwrap is not available on this host' }, () => {
  // MemorySize above what is written: tmpfs pages are charged to the environment's memory too.
  test('/tmp holds EphemeralStorage (512 MB) and no more', async () => {
    await deploy(client, 'tmp-writer', WRITER, { memorySize: 1536, timeout: 60 });
    assert.deepEqual(await write('tmp-writer', '/tmp/fill', 500), { written: 500, error: null });
    assert.deepEqual(await write('tmp-writer', '/tmp/fill', 1000), { written: 512, error: 'ENOSPC' });
  });

  test('/dev/shm holds 64 MB and no more', async () => {
    await deploy(client, 'shm-writer', WRITER, { memorySize: 1536, timeout: 60 });
    assert.deepEqual(await write('shm-writer', '/dev/shm/fill', 60), { written: 60, error: null });
    assert.deepEqual(await write('shm-writer', '/dev/shm/fill', 1000), { written: 64, error: 'ENOSPC' });
  });

  test('/dev takes no new files, and its devices still work', async () => {
    await deploy(client, 'dev-writer', WRITER, { timeout: 30 });
    assert.deepEqual(await write('dev-writer', '/dev/fill', 1), { written: 0, error: 'EROFS' });
    assert.deepEqual(await write('dev-writer', '/dev/null', 10), { written: 10, error: null });
  });

  test('Python multiprocessing finds the semaphores it needs in /dev/shm', async () => {
    await deploy(client, 'py-shm', {
      'app.py': 'import multiprocessing\ndef handler(e, c):\n    q = multiprocessing.Queue()\n    q.put(41)\n    return q.get() + 1\n',
    }, { runtime: 'python3.12', handler: 'app.handler' });
    const r = await invoke(client, 'py-shm');
    assert.equal(r.functionError, undefined, r.text);
    assert.equal(r.text, '42');
  });
});
