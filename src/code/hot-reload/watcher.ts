/**
 * Watches hot-reload folders (fs.watch, recursive: inotify on Linux) and reports each change at once,
 * so the environments that mounted the folder are replaced before the next invoke.
 */
import { watch, type FSWatcher } from 'node:fs';

export class HotReloadWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly changed: (dir: string) => void, private readonly warn: (message: string) => void = console.warn) {}

  /** Starts watching `dir` (once per folder) and returns it. */
  watch(dir: string): string {
    if (this.watchers.has(dir)) return dir;
    try {
      const watcher = watch(dir, { recursive: true, persistent: false }, () => this.changed(dir));
      watcher.on('error', (err) => {
        this.warn(`lambkin hot reload: watching ${dir} stopped: ${err.message}`);
        this.watchers.delete(dir);
        watcher.close();
      });
      this.watchers.set(dir, watcher);
    } catch (err) {
      this.warn(`lambkin hot reload: cannot watch ${dir}: ${(err as Error).message}`);
    }
    return dir;
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
