import type { EntryInfo, EntryKind } from './entry-kind.js';

/** Far above the kernel's 40, so any chain the kernel would follow is followed here too. */
const MAX_LINK_EXPANSIONS = 256;
const MAX_LINK_TARGET_BYTES = 4096;

type Resolution = 'inside' | 'escapes' | 'unresolvable';

/**
 * The tree a zip describes, checked before and while it is written: no entry may sit under a file or
 * a symlink (writing through a link could land anywhere), kinds may not clash, and every symlink must
 * resolve inside the root even when its target passes through other links.
 */
export class TreePlan {
  private readonly kinds = new Map<string, EntryKind>();
  private readonly links = new Map<string, string>();

  add(entry: EntryInfo): void {
    if (entry.path === '') {
      if (entry.kind !== 'directory') throw new Error('an entry other than a directory names the root');
      return;
    }
    const segments = entry.path.split('/');
    for (let i = 1; i < segments.length; i++) this.claim(segments.slice(0, i).join('/'), 'directory');
    this.claim(entry.path, entry.kind);
  }

  /** Records a symlink's target (its entry must have been added first). */
  addLinkTarget(path: string, target: Buffer): void {
    if (target.length === 0 || target.length > MAX_LINK_TARGET_BYTES) throw new Error(`bad symlink target size at ${path}`);
    const text = target.toString('utf8');
    if (text.includes('\0') || !Buffer.from(text, 'utf8').equals(target)) throw new Error(`unreadable symlink target at ${path}`);
    if (text.startsWith('/')) throw new Error(`symlink ${path} has an absolute target`);
    this.links.set(path, text);
  }

  /** Throws unless every symlink stays inside the root. Call once all entries are known. */
  checkLinks(): void {
    for (const path of this.links.keys()) {
      const parent = path.split('/').slice(0, -1);
      const budget = { left: MAX_LINK_EXPANSIONS };
      if (this.resolve(parent, this.links.get(path)!.split('/'), budget) === 'escapes') {
        throw new Error(`symlink ${path} points outside the code root`);
      }
    }
  }

  private claim(path: string, kind: EntryKind): void {
    const existing = this.kinds.get(path);
    if (existing === undefined) {
      this.kinds.set(path, kind);
      return;
    }
    const sameHarmlessKind = existing === kind && kind !== 'symlink';
    if (!sameHarmlessKind) throw new Error(`conflicting entries at ${path}: ${existing} and ${kind}`);
  }

  /**
   * Walks `components` from the directory `stack`, expanding known links, as the kernel would.
   * Unknown names are treated as directories, which is never stricter than the real tree.
   */
  private resolve(stack: string[], components: string[], budget: { left: number }): Resolution {
    for (const component of components) {
      if (component === '' || component === '.') continue;
      if (component === '..') {
        if (stack.length === 0) return 'escapes';
        stack.pop();
        continue;
      }
      stack.push(component);
      const target = this.links.get(stack.join('/'));
      if (target === undefined) continue;
      // A chain too long for the kernel to follow resolves nowhere, so it cannot escape either.
      if (--budget.left < 0) return 'unresolvable';
      stack.pop();
      const outcome = this.resolve(stack, target.split('/'), budget);
      if (outcome !== 'inside') return outcome;
    }
    return 'inside';
  }
}
