/**
 * Follows the change feed from a position: every later change handed to `handle` exactly once, in
 * commit order. Listeners and polls only wake it up; `changesSince` is its only source, so a missed,
 * repeated or reordered notification can never skip or repeat a change. A consumer persists
 * `position` with its own state and passes it back after a restart.
 */
import type { ChangeFeed, ChangeRecord } from './types.js';

export interface FollowOptions {
  pageSize?: number;
  /** Also look every so often: changes other nodes commit reach this node's listeners only on some backends. */
  pollMs?: number;
  /** The follower has stopped at `position` (the handler threw, or the feed no longer holds what comes next). */
  onError?: (err: unknown) => void;
}

export class ChangeFollower {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly feed: Pick<ChangeFeed, 'changesSince' | 'subscribe'>,
    /** The last change handled: the follower starts after it. */
    public position: number,
    private readonly handle: (change: ChangeRecord) => void | Promise<void>,
    private readonly options: FollowOptions = {},
  ) {}

  start(): this {
    this.unsubscribe = this.feed.subscribe(() => { void this.drain(); });
    if (this.options.pollMs) {
      this.poll = setInterval(() => { void this.drain(); }, this.options.pollMs);
      this.poll.unref();
    }
    void this.drain();
    return this;
  }

  /** Resolves once every change committed before the call has been handled (or the follower stopped). */
  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.catchUp().finally(() => { this.running = undefined; });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
  }

  private async catchUp(): Promise<void> {
    try {
      do {
        this.again = false;
        for (;;) {
          const page = await this.feed.changesSince(this.position, this.options.pageSize);
          for (const change of page) {
            if (this.stopped) return;
            await this.handle(change);
            this.position = change.position;
          }
          if (!page.length) break;
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.stop();
      (this.options.onError ?? ((e) => console.error('lambkin store: a change follower stopped', e)))(err);
    }
  }
}
