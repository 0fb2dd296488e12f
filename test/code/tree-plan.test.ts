import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeSegments } from '../../src/code/entry-kind.js';
import { TreePlan } from '../../src/code/tree-plan.js';

describe('safeSegments', () => {
  it('normalises separators, dots and empty segments', () => {
    assert.deepEqual(safeSegments('a//b/./c/'), ['a', 'b', 'c']);
    assert.deepEqual(safeSegments('a\\b'), ['a', 'b']);
    assert.deepEqual(safeSegments('./'), []);
    assert.deepEqual(safeSegments('..foo/bar..'), ['..foo', 'bar..']);
  });

  for (const name of ['../x', 'a/../b', 'a\\..\\b', '/etc/passwd', '\\share', 'C:/x', 'c:x', 'a\0b']) {
    it(`throws on ${JSON.stringify(name)}`, () => {
      assert.throws(() => safeSegments(name));
    });
  }
});

function planWithLinks(links: Record<string, string>): TreePlan {
  const plan = new TreePlan();
  for (const [path, target] of Object.entries(links)) {
    plan.add({ kind: 'symlink', path, mode: undefined });
    plan.addLinkTarget(path, Buffer.from(target));
  }
  return plan;
}

describe('TreePlan', () => {
  it('accepts links that resolve inside the root', () => {
    assert.doesNotThrow(() => planWithLinks({ 'a/b': '../c', c: 'd/e/../f', 'x/y/z': '../../a/b' }).checkLinks());
  });

  it('follows links met inside other targets', () => {
    assert.throws(() => planWithLinks({ 'p/q': '..', r: 'p/q/../s' }).checkLinks(), /points outside/);
    assert.doesNotThrow(() => planWithLinks({ 'p/q': 'r', r: 'p/q/../s' }).checkLinks());
  });

  it('treats an endless loop as harmless', () => {
    assert.doesNotThrow(() => planWithLinks({ a: 'b', b: 'a/x' }).checkLinks());
  });

  it('refuses absolute, empty and non-UTF-8 targets when recorded', () => {
    const plan = new TreePlan();
    plan.add({ kind: 'symlink', path: 'l', mode: undefined });
    assert.throws(() => plan.addLinkTarget('l', Buffer.from('/tmp')), /absolute/);
    assert.throws(() => plan.addLinkTarget('l', Buffer.alloc(0)));
    assert.throws(() => plan.addLinkTarget('l', Buffer.from([0x61, 0xff])));
    assert.throws(() => plan.addLinkTarget('l', Buffer.from('a\0b')));
  });

  it('refuses entries below a file or a link, and links that clash with anything', () => {
    const plan = new TreePlan();
    plan.add({ kind: 'file', path: 'f', mode: undefined });
    assert.throws(() => plan.add({ kind: 'file', path: 'f/g', mode: undefined }), /conflicting/);
    plan.add({ kind: 'symlink', path: 'l', mode: undefined });
    assert.throws(() => plan.add({ kind: 'directory', path: 'l/d', mode: undefined }), /conflicting/);
    assert.throws(() => plan.add({ kind: 'symlink', path: 'l', mode: undefined }), /conflicting/);
    plan.add({ kind: 'directory', path: 'd', mode: undefined });
    plan.add({ kind: 'directory', path: 'd', mode: undefined });
    plan.add({ kind: 'file', path: 'f', mode: undefined });
    assert.throws(() => plan.add({ kind: 'symlink', path: 'd', mode: undefined }), /conflicting/);
  });

  it('allows the root only as a directory', () => {
    const plan = new TreePlan();
    plan.add({ kind: 'directory', path: '', mode: undefined });
    assert.throws(() => plan.add({ kind: 'file', path: '', mode: undefined }));
  });
});
