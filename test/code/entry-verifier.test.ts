import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import type { Entry } from 'yauzl';
import { EntryVerifier } from '../../src/code/entry-verifier.js';
import { LambdaError } from '../../src/errors/base.js';

function fakeEntry(content: Buffer, overrides: Partial<Entry> = {}): Entry {
  return { fileName: 'f', uncompressedSize: content.length, crc32: crc32(content), ...overrides } as Entry;
}

async function run(chunks: Buffer[], entry: Entry, tally: { bytes: number }, maxUnzippedBytes: number): Promise<number> {
  let passed = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      passed += chunk.length;
      done();
    },
  });
  await pipeline(Readable.from(chunks), new EntryVerifier(entry, tally, { maxZippedBytes: 1e9, maxUnzippedBytes }), sink);
  return passed;
}

describe('EntryVerifier', () => {
  const content = Buffer.from('0123456789');

  it('passes an entry that matches its header and adds to the tally', async () => {
    const tally = { bytes: 5 };
    assert.equal(await run([content.subarray(0, 4), content.subarray(4)], fakeEntry(content), tally, 100), 10);
    assert.equal(tally.bytes, 15);
  });

  it('stops with the unzipped-size error once the archive total passes the limit, whatever the headers say', async () => {
    const tally = { bytes: 95 };
    await assert.rejects(run([content], fakeEntry(content), tally, 100), (error: unknown) => {
      assert.ok(error instanceof LambdaError);
      assert.equal(error.message, 'Unzipped size must be smaller than 100 bytes');
      return true;
    });
  });

  it('stops before passing on bytes beyond the declared size', async () => {
    let passed = -1;
    const entry = fakeEntry(content, { uncompressedSize: 6 });
    await assert.rejects(
      run([content.subarray(0, 5), content.subarray(5)], entry, { bytes: 0 }, 100).then((n) => (passed = n)),
      /past its declared 6 bytes/,
    );
    assert.equal(passed, -1);
  });

  it('refuses an entry shorter than declared', async () => {
    await assert.rejects(run([content], fakeEntry(content, { uncompressedSize: 11 }), { bytes: 0 }, 100), /not the declared 11/);
  });

  it('refuses a CRC mismatch', async () => {
    await assert.rejects(run([content], fakeEntry(content, { crc32: 1 }), { bytes: 0 }, 100), /CRC-32/);
  });
});
