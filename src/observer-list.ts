/**
 * Subscribers to a stream of reports (the engine's, the async pipeline's). Emitting is on hot paths, so
 * each kind's handlers are gathered once per subscription change, not looked up per report. One that
 * throws is reported once and never breaks the emitter.
 */

type Handler = (event: never) => void;

interface Subscribed<O> { observer: O; handler: Handler }

export class ObserverList<O extends object> {
  private readonly observers: O[] = [];
  private readonly faulty = new WeakSet<O>();
  /** Kind → the subscribers with a method for it, in subscription order; rebuilt on add and remove. */
  private byKind = new Map<keyof O, Subscribed<O>[]>();

  constructor(
    initial: readonly O[],
    /** Told of an observer's first failure. */
    private readonly failed: (kind: string, err: unknown) => void,
  ) {
    this.observers.push(...initial);
  }

  get empty(): boolean {
    return this.observers.length === 0;
  }

  /** Adds an observer; the returned function removes it. */
  add(observer: O): () => void {
    this.observers.push(observer);
    this.byKind = new Map();
    return () => {
      const at = this.observers.indexOf(observer);
      if (at === -1) return;
      this.observers.splice(at, 1);
      this.byKind = new Map();
    };
  }

  emit<K extends keyof O>(kind: K, event: Parameters<Extract<NonNullable<O[K]>, (event: never) => void>>[0]): void {
    const subscribed = this.byKind.get(kind) ?? this.gather(kind);
    for (let i = 0; i < subscribed.length; i++) {
      const { observer, handler } = subscribed[i]!;
      try {
        (handler as (event: unknown) => void).call(observer, event);
      } catch (err) {
        if (this.faulty.has(observer)) continue;
        this.faulty.add(observer);
        this.failed(String(kind), err);
      }
    }
  }

  private gather(kind: keyof O): Subscribed<O>[] {
    const subscribed: Subscribed<O>[] = [];
    for (const observer of this.observers) {
      const handler = observer[kind];
      if (typeof handler === 'function') subscribed.push({ observer, handler: handler as Handler });
    }
    this.byKind.set(kind, subscribed);
    return subscribed;
  }
}
