import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractZip, inspectZip } from '../../src/code/zip.js';
import { assertCouldNotUnzip, assertLambdaError, listTree, withTempDir } from './fixtures.js';
import { rawZip, storedFile } from './zip-bytes.js';
import { buildZip } from './yazl-zip.js';

const HANDLER = 'exports.handler = async () => "ok";\n';
const BOOTSTRAP = '#!/bin/sh\nexec node index.js\n';

async function sampleZip(): Promise<Buffer> {
  return buildZip({
    directories: ['empty/'],
    files: {
      'index.js': { content: HANDLER, mode: 0o100644 },
      bootstrap: { content: BOOTSTRAP, mode: 0o100755 },
      'lib/deep/data.json': { content: '{"a":1}', mode: 0o100600 },
      'stored.txt': { content: 'kept as is', compress: false },
    },
  });
}

const SAMPLE_BYTES = HANDLER.length + BOOTSTRAP.length + '{"a":1}'.length + 'kept as is'.length;

describe('inspectZip', () => {
  it('summarises a valid archive with AWS CodeSha256', async () => {
    const zip = await sampleZip();
    const summary = await inspectZip(zip);
    assert.deepEqual(summary, {
      codeSha256: createHash('sha256').update(zip).digest('base64'),
      codeSize: zip.length,
      unzippedSize: SAMPLE_BYTES,
      fileCount: 4,
    });
  });

  it('accepts an archive without entries', async () => {
    const zip = rawZip([]);
    assert.deepEqual(await inspectZip(zip), {
      codeSha256: createHash('sha256').update(zip).digest('base64'),
      codeSize: 22,
      unzippedSize: 0,
      fileCount: 0,
    });
  });

  it('refuses bytes that are not a zip', async () => {
    await assertCouldNotUnzip(inspectZip(Buffer.from('definitely not a zip file')));
    await assertCouldNotUnzip(inspectZip(Buffer.alloc(0)));
  });

  it('refuses a truncated archive', async () => {
    const zip = await sampleZip();
    await assertCouldNotUnzip(inspectZip(zip.subarray(0, zip.length - 30)));
  });

  it('refuses an entry whose bytes fail the CRC check', async () => {
    const entry = storedFile('a.txt', 'hello world');
    await assertCouldNotUnzip(inspectZip(rawZip([{ ...entry, crc: 12345 }])));
  });

  it('refuses a deflated entry whose data is not deflate', async () => {
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    await assertCouldNotUnzip(inspectZip(rawZip([{ name: 'x', stored: garbage, method: 8, declaredSize: 10 }])));
  });

  it('refuses a stored entry whose declared size differs from its bytes', async () => {
    await assertCouldNotUnzip(inspectZip(rawZip([{ ...storedFile('a.txt', 'hello'), declaredSize: 3 }])));
  });

  it('refuses an unsupported compression method', async () => {
    const entry = storedFile('a.txt', 'hello');
    await assertCouldNotUnzip(inspectZip(rawZip([{ ...entry, method: 14 }])));
  });

  it('refuses a zip over 52428800 bytes before reading it', async () => {
    const message = 'Zipped size must be smaller than 52428800 bytes';
    await assertLambdaError(inspectZip(Buffer.alloc(52428801)), {
      code: 'RequestEntityTooLargeException',
      status: 413,
      message,
      body: { message },
    });
  });

  it('lets a zip of exactly 52428800 bytes through to the archive checks', async () => {
    await assertCouldNotUnzip(inspectZip(Buffer.alloc(52428800)));
  });

  it('refuses a file entry that claims to be the root', async () => {
    await assertCouldNotUnzip(inspectZip(rawZip([storedFile('.', 'x', 0o100644)])));
  });
});

describe('extractZip', () => {
  it('writes the tree with contents and permission bits', async () => {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'task');
      const zip = await sampleZip();
      const summary = await extractZip(zip, dest);
      assert.equal(summary.fileCount, 4);
      assert.equal(summary.unzippedSize, SAMPLE_BYTES);
      assert.deepEqual(await listTree(dest), ['bootstrap', 'empty', 'index.js', 'lib', 'lib/deep', 'lib/deep/data.json', 'stored.txt']);
      assert.equal(await readFile(join(dest, 'index.js'), 'utf8'), HANDLER);
      assert.equal(await readFile(join(dest, 'stored.txt'), 'utf8'), 'kept as is');
      assert.equal((await stat(join(dest, 'bootstrap'))).mode & 0o7777, 0o755);
      assert.equal((await stat(join(dest, 'lib/deep/data.json'))).mode & 0o7777, 0o600);
      assert.equal((await stat(join(dest, 'index.js'))).mode & 0o7777, 0o644);
      assert.equal((await stat(join(dest, 'stored.txt'))).mode & 0o7777, 0o664, "yazl's default mode");
      assert.ok((await stat(join(dest, 'empty'))).isDirectory());
    });
  });

  it('drops setuid, setgid and sticky bits', async () => {
    await withTempDir(async (dir) => {
      await extractZip(rawZip([storedFile('tool', '#!/bin/sh\n', 0o106755)]), dir);
      assert.equal((await stat(join(dir, 'tool'))).mode & 0o7777, 0o755);
    });
  });

  it('gives files without Unix permissions a readable default', async () => {
    await withTempDir(async (dir) => {
      await extractZip(rawZip([storedFile('plain.txt', 'x', 0)]), dir);
      assert.equal((await stat(join(dir, 'plain.txt'))).mode & 0o7777, 0o644);
    });
  });

  it('creates the destination for an archive without entries', async () => {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'a', 'b');
      await extractZip(rawZip([]), dest);
      assert.deepEqual(await listTree(dest), []);
    });
  });

  it('lets the last of two same-named files win', async () => {
    await withTempDir(async (dir) => {
      await extractZip(rawZip([storedFile('a.txt', 'first'), storedFile('a.txt', 'second')]), dir);
      assert.equal(await readFile(join(dir, 'a.txt'), 'utf8'), 'second');
    });
  });

  it('refuses an archive naming the same path as a file and a directory', async () => {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'task');
      await assertCouldNotUnzip(extractZip(rawZip([storedFile('a', 'file'), storedFile('a/b', 'below')]), dest));
      await assert.rejects(lstat(dest), { code: 'ENOENT' });
    });
  });

  it('writes into an existing destination', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'task'));
      await extractZip(await sampleZip(), join(dir, 'task'));
      assert.equal(await readFile(join(dir, 'task', 'bootstrap'), 'utf8'), BOOTSTRAP);
      await assert.rejects(readlink(join(dir, 'task', 'bootstrap')), { code: 'EINVAL' });
    });
  });
});

describe('extractZip over an existing tree', () => {
  it('never writes through a symlink already in the destination', async () => {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'opt');
      const outside = join(dir, 'outside');
      await mkdir(outside);
      await mkdir(dest);
      await symlink(outside, join(dest, 'lib'));
      await symlink(join(outside, 'file'), join(dest, 'file'));
      await assertCouldNotUnzip(extractZip(rawZip([storedFile('lib/evil', 'x')]), dest));
      await assertCouldNotUnzip(extractZip(rawZip([storedFile('file', 'x')]), dest));
      assert.deepEqual(await readdir(outside), []);
    });
  });

  it('adds to directories already there', async () => {
    await withTempDir(async (dest) => {
      await extractZip(rawZip([storedFile('python/a.py', 'a')]), dest);
      await extractZip(rawZip([storedFile('python/b.py', 'b')]), dest);
      assert.deepEqual(await listTree(dest), ['python', 'python/a.py', 'python/b.py']);
    });
  });
});
