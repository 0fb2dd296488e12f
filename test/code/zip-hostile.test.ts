import assert from 'node:assert/strict';
import { lstat, readFile, readlink, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractZip, inspectZip } from '../../src/code/zip.js';
import { assertCouldNotUnzip, assertUnzippedTooLarge, listTree, withTempDir } from './fixtures.js';
import { deflatedZeros, rawZip, storedFile, symlinkEntry, type RawEntry } from './zip-bytes.js';

/**
 * Extracts into `<scratch>/task` and checks that the attempt failed as "could not unzip" and that the
 * scratch directory holds nothing but what the extraction may touch.
 */
async function assertRefusedWithoutEscape(entries: RawEntry[]): Promise<void> {
  const zip = rawZip(entries);
  await assertCouldNotUnzip(inspectZip(zip));
  await withTempDir(async (scratch) => {
    const dest = join(scratch, 'a', 'task');
    await assertCouldNotUnzip(extractZip(zip, dest));
    assert.deepEqual(await readdir(scratch), [], 'nothing is written for a refused tree, inside or out');
  });
}

describe('hostile entry names', () => {
  for (const name of ['../evil', 'a/../../evil', 'ok/../../../evil', '/abs', '/etc/cron.d/evil', 'C:/evil', '..\\evil', 'a\\..\\..\\evil']) {
    it(`refuses ${JSON.stringify(name)}`, async () => {
      await assertRefusedWithoutEscape([storedFile('fine.txt', 'fine'), storedFile(name, 'pwned')]);
      if (name.startsWith('/')) await assert.rejects(lstat(name), { code: 'ENOENT' });
    });
  }

  it('refuses a NUL byte in a name', async () => {
    await assertRefusedWithoutEscape([storedFile('a\0b', 'x')]);
  });

  it('refuses a file or directory name over 255 bytes, which no file system would create', async () => {
    await assertRefusedWithoutEscape([storedFile('index.js', 'x'), storedFile('n'.repeat(256), 'x')]);
    await assertRefusedWithoutEscape([storedFile(`lib/${'d'.repeat(256)}/index.js`, 'x')]);
    // Bytes, not characters: 128 two-byte characters are 256 bytes.
    await assertRefusedWithoutEscape([storedFile('é'.repeat(128), 'x')]);
  });

  it('unpacks names of exactly 255 bytes', async () => {
    const name = `${'d'.repeat(255)}/${'é'.repeat(127)}x`;
    await withTempDir(async (scratch) => {
      await extractZip(rawZip([storedFile(name, 'kept')]), scratch);
      assert.equal(await readFile(join(scratch, name), 'utf8'), 'kept');
    });
  });
});

describe('symlinks', () => {
  const escaping: Record<string, RawEntry[]> = {
    'an absolute target': [symlinkEntry('passwd', '/etc/passwd')],
    'a target above the root': [symlinkEntry('up', '../../x')],
    'a target one level above': [symlinkEntry('lib/up', '../../x')],
    'the parent of the root': [symlinkEntry('parent', '..')],
    'a chain through another link': [symlinkEntry('d/l', '..'), symlinkEntry('out', 'd/l/..')],
    'a chain of links each looking harmless': [symlinkEntry('a/b/c', '../..'), symlinkEntry('x', 'a/b/c/../y')],
    'a link to a link that escapes': [symlinkEntry('first', 'second'), symlinkEntry('second', '/etc')],
  };
  for (const [what, links] of Object.entries(escaping)) {
    it(`refuses ${what}`, async () => {
      await assertRefusedWithoutEscape([storedFile('index.js', 'x'), ...links]);
    });
  }

  it('refuses a file written through a link', async () => {
    await assertRefusedWithoutEscape([symlinkEntry('lib', 'real'), storedFile('real/keep', 'x'), storedFile('lib/evil', 'x')]);
  });

  it('refuses a link placed under another link', async () => {
    await assertRefusedWithoutEscape([symlinkEntry('d', 'sub'), storedFile('sub/f', 'x'), symlinkEntry('d/l', 'f')]);
  });

  it('refuses two links with the same name', async () => {
    await assertRefusedWithoutEscape([symlinkEntry('l', 'a'), symlinkEntry('l', 'b')]);
  });

  it('refuses a link with an oversized target', async () => {
    await assertRefusedWithoutEscape([symlinkEntry('l', 'a/'.repeat(3000))]);
  });

  it('recreates links that stay inside the root', async () => {
    const zip = rawZip([
      storedFile('lib/v1/mod.js', 'module v1'),
      symlinkEntry('lib/current', 'v1'),
      symlinkEntry('mod.js', 'lib/current/mod.js'),
      symlinkEntry('lib/v1/self', '../../lib/./v1'),
      symlinkEntry('dangling', 'not/there'),
    ]);
    const summary = await inspectZip(zip);
    assert.equal(summary.fileCount, 5);
    assert.equal(summary.unzippedSize, 'module v1'.length + 'v1'.length + 'lib/current/mod.js'.length + '../../lib/./v1'.length + 'not/there'.length);
    await withTempDir(async (dest) => {
      assert.deepEqual(await extractZip(zip, dest), summary);
      assert.ok((await lstat(join(dest, 'mod.js'))).isSymbolicLink());
      assert.equal(await readlink(join(dest, 'mod.js')), 'lib/current/mod.js');
      assert.equal(await readlink(join(dest, 'lib/current')), 'v1');
      assert.equal(await readFile(join(dest, 'mod.js'), 'utf8'), 'module v1');
      assert.equal(await readFile(join(dest, 'lib/v1/self/mod.js'), 'utf8'), 'module v1');
      assert.equal(await readlink(join(dest, 'dangling')), 'not/there');
    });
  });

  it('accepts a loop of links inside the root, which resolves nowhere', async () => {
    const zip = rawZip([symlinkEntry('a', 'b'), symlinkEntry('b', 'a')]);
    assert.equal((await inspectZip(zip)).fileCount, 2);
  });
});

describe('zip bombs', () => {
  it('refuses many highly compressible entries totalling over 262144000 bytes', async () => {
    const tenMiB = deflatedZeros(10);
    const entries: RawEntry[] = Array.from({ length: 26 }, (_, i) => ({
      name: `part-${i}.bin`,
      stored: tenMiB.stream,
      method: 8,
      declaredSize: tenMiB.size,
      crc: tenMiB.crc,
    }));
    const zip = rawZip(entries);
    assert.ok(zip.length < 400_000, `the test zip stays small (${zip.length} bytes)`);
    await assertUnzippedTooLarge(inspectZip(zip));
    await withTempDir(async (dest) => {
      await assertUnzippedTooLarge(extractZip(zip, dest));
      assert.deepEqual(await listTree(dest), [], 'refused from the declared sizes, before writing');
    });
  });

  it('accepts the same entries while they total no more than the limit', async () => {
    const tenMiB = deflatedZeros(10);
    const entries: RawEntry[] = Array.from({ length: 3 }, (_, i) => ({
      name: `part-${i}.bin`,
      stored: tenMiB.stream,
      method: 8,
      declaredSize: tenMiB.size,
      crc: tenMiB.crc,
    }));
    assert.equal((await inspectZip(rawZip(entries))).unzippedSize, 3 * tenMiB.size);
  });

  it('stops inflating an entry that declares a small size but inflates huge', async () => {
    const huge = deflatedZeros(300);
    const liar: RawEntry = { name: 'liar.bin', stored: huge.stream, method: 8, declaredSize: 1000, crc: huge.crc };
    const zip = rawZip([storedFile('index.js', 'x'), liar]);
    await assertCouldNotUnzip(inspectZip(zip));
    await withTempDir(async (scratch) => {
      const dest = join(scratch, 'task');
      await assertCouldNotUnzip(extractZip(zip, dest));
      assert.deepEqual(await readdir(scratch), ['task']);
      assert.ok((await stat(join(dest, 'liar.bin'))).size <= 1000, 'no more than the declared size reaches the disk');
    });
  });

  it('counts real bytes against a lowered limit', async () => {
    const zip = rawZip([storedFile('a', 'x'.repeat(600)), storedFile('b', 'y'.repeat(600))]);
    const limits = { maxZippedBytes: 52428800, maxUnzippedBytes: 1000 };
    await assertUnzippedTooLarge(inspectZip(zip, limits), 1000);
    assert.equal((await inspectZip(zip, { ...limits, maxUnzippedBytes: 1200 })).unzippedSize, 1200);
  });
});
