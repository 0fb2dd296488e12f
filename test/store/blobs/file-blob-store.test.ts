import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BlobNotFoundError, FileBlobStore } from '../../../src/store/blobs/index.js';

const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('FileBlobStore', () => {
  let root: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lambkin-blobs-'));
    store = new FileBlobStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores under the hex SHA-256, sharded by its first two digits', async () => {
    const data = Buffer.from('zip bytes');
    const key = await store.put(data);
    assert.equal(key, sha256Hex(data));
    assert.deepEqual(await readFile(join(root, key.slice(0, 2), key.slice(2))), data);
    assert.equal(store.pathOf(key), join(root, key.slice(0, 2), key.slice(2)));
    assert.deepEqual(await store.get(key), data);
    assert.equal(await store.has(key), true);
    assert.equal((await stat(store.pathOf(key))).mode & 0o777, 0o600);
  });

  it('is idempotent and leaves no temp files', async () => {
    const data = Buffer.from('same bytes');
    const keys = await Promise.all([store.put(data), store.put(data), store.put(Buffer.from(data))]);
    assert.deepEqual(new Set(keys), new Set([sha256Hex(data)]));
    assert.equal(await store.put(data), keys[0]);
    assert.deepEqual(await readdir(join(root, keys[0]!.slice(0, 2))), [keys[0]!.slice(2)]);
    assert.deepEqual(await readdir(join(root, '.tmp')), []);
  });

  it('keeps different data apart', async () => {
    const a = await store.put(Buffer.from('a'));
    const b = await store.put(Buffer.from('b'));
    assert.notEqual(a, b);
    assert.equal((await store.get(a)).toString(), 'a');
    assert.equal((await store.get(b)).toString(), 'b');
  });

  it('stores an empty blob', async () => {
    const key = await store.put(Buffer.alloc(0));
    assert.equal(key, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal((await store.get(key)).length, 0);
  });

  it('reports missing blobs and deletes quietly', async () => {
    const key = await store.put(Buffer.from('gone soon'));
    await store.delete(key);
    assert.equal(await store.has(key), false);
    await assert.rejects(store.get(key), (error: unknown) => error instanceof BlobNotFoundError && error.key === key);
    await store.delete(key);
    assert.equal(await store.has('0'.repeat(64)), false);
  });

  it('refuses anything but a lowercase hex SHA-256 as a key', async () => {
    for (const key of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/x`, '']) {
      await assert.rejects(store.get(key), TypeError);
      await assert.rejects(store.has(key), TypeError);
      await assert.rejects(store.delete(key), TypeError);
    }
  });

  it('clears temp files a crashed writer left long ago, not fresh ones', async () => {
    await mkdir(join(root, '.tmp'));
    const old = join(root, '.tmp', 'crashed');
    const fresh = join(root, '.tmp', 'in-progress');
    await writeFile(old, 'half');
    await writeFile(fresh, 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await store.put(Buffer.from('trigger'));
    assert.deepEqual(await readdir(join(root, '.tmp')), ['in-progress']);
  });
});
