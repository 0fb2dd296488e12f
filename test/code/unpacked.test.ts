import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { UnpackedCodeCache } from '../../src/code/unpacked.js';
import { BlobNotFoundError, FileBlobStore, type BlobStore } from '../../src/store/blobs/index.js';
import { assertCouldNotUnzip } from './fixtures.js';
import { rawZip, storedFile, symlinkEntry } from './zip-bytes.js';

/** Counts reads, to see how many extractions really happened. */
class CountingBlobStore implements BlobStore {
  gets = 0;
  constructor(private readonly inner: BlobStore) {}
  put(data: Buffer) {
    return this.inner.put(data);
  }
  get(key: string) {
    this.gets++;
    return this.inner.get(key);
  }
  has(key: string) {
    return this.inner.has(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

const CODE = rawZip([
  storedFile('bootstrap', '#!/bin/sh\necho hi\n', 0o100755),
  storedFile('lib/data.txt', 'data', 0o100644),
  symlinkEntry('current', 'lib'),
]);

describe('UnpackedCodeCache', () => {
  let scratch: string;
  let blobs: CountingBlobStore;
  let cache: UnpackedCodeCache;
  let key: string;
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lambkin-unpacked-'));
    blobs = new CountingBlobStore(new FileBlobStore(join(scratch, 'blobs')));
    cache = new UnpackedCodeCache(join(scratch, 'code'), blobs);
    key = await blobs.put(CODE);
  });
  afterEach(async () => {
    await chmodTreeWritable(scratch);
    await rm(scratch, { recursive: true, force: true });
  });

  it('extracts a read-only tree named by the key', async () => {
    const dir = await cache.ensure(key);
    assert.ok(isAbsolute(dir));
    assert.equal(dir, join(scratch, 'code', key));
    assert.deepEqual((await readdir(dir)).sort(), ['bootstrap', 'current', 'lib']);
    assert.equal(await readFile(join(dir, 'current/data.txt'), 'utf8'), 'data');
    assert.equal(await readlink(join(dir, 'current')), 'lib');
    assert.equal((await stat(join(dir, 'bootstrap'))).mode & 0o777, 0o555);
    assert.equal((await stat(join(dir, 'lib/data.txt'))).mode & 0o777, 0o444);
    assert.equal((await stat(join(dir, 'lib'))).mode & 0o777, 0o555);
    assert.equal((await stat(dir)).mode & 0o777, 0o555);
  });

  it('extracts once for concurrent and later requests', async () => {
    const dirs = await Promise.all(Array.from({ length: 8 }, () => cache.ensure(key)));
    assert.equal(new Set(dirs).size, 1);
    assert.equal(blobs.gets, 1);
    await cache.ensure(key);
    assert.equal(blobs.gets, 1);
    const restarted = new UnpackedCodeCache(join(scratch, 'code'), blobs);
    assert.equal(await restarted.ensure(key), dirs[0]);
    assert.equal(blobs.gets, 1, 'a tree on disk survives a restart');
    assert.deepEqual((await readdir(join(scratch, 'code'))).sort(), [key]);
  });

  it('removes a tree and extracts it again when asked', async () => {
    const dir = await cache.ensure(key);
    await cache.remove(key);
    await assert.rejects(stat(dir), { code: 'ENOENT' });
    assert.deepEqual(await readdir(join(scratch, 'code')), []);
    await cache.remove(key);
    await cache.ensure(key);
    assert.equal(blobs.gets, 2);
  });

  it('waits for a running extraction before removing', async () => {
    const ensured = cache.ensure(key);
    await cache.remove(key);
    await ensured;
    assert.deepEqual(await readdir(join(scratch, 'code')), []);
  });

  it('reports a bad archive, leaves nothing behind and tries again next time', async () => {
    const bad = await blobs.put(Buffer.from('not a zip'));
    await assertCouldNotUnzip(cache.ensure(bad));
    assert.deepEqual(await readdir(join(scratch, 'code')), []);
    await assertCouldNotUnzip(cache.ensure(bad));
    assert.equal(blobs.gets, 2);
  });

  it('reports a missing blob', async () => {
    await assert.rejects(cache.ensure('f'.repeat(64)), BlobNotFoundError);
    await assert.rejects(cache.ensure('../x'), TypeError);
  });

  it('clears extractions a crashed process left long ago', async () => {
    const leftover = join(scratch, 'code', `.tmp-${key}-abc`);
    await mkdir(join(leftover, 'sub'), { recursive: true });
    await chmod(join(leftover, 'sub'), 0o555);
    await chmod(leftover, 0o555);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(leftover, twoHoursAgo, twoHoursAgo);
    await cache.ensure(key);
    assert.deepEqual(await readdir(join(scratch, 'code')), [key]);
  });
});

async function chmodTreeWritable(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  await chmod(dir, 0o755).catch(() => undefined);
  for (const entry of entries) if (entry.isDirectory()) await chmodTreeWritable(join(dir, entry.name));
}
