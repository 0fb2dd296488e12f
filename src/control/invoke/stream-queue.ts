/**
 * A push-to-pull bridge: the engine pushes frames as the function writes them, the HTTP response
 * pulls them with `for await`. Frames pushed after `close()` are dropped.
 */
export class FrameQueue implements AsyncIterable<Uint8Array> {
  private readonly frames: Uint8Array[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  get isClosed(): boolean {
    return this.closed;
  }

  push(frame: Uint8Array): void {
    if (this.closed) return;
    this.frames.push(frame);
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame) {
        yield frame;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }
}
