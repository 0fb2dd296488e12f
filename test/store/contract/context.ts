/** What every part of the contract suite shares: the harness a backend supplies, the test clock, scopes. */
import type { MetadataStore, MetadataStoreOptions, Scope } from '../../../src/store/types.js';

/** Three scopes that must never see each other's documents. */
export const SCOPE_A: Scope = { accountId: '111111111111', region: 'us-east-1' };
export const SCOPE_B: Scope = { accountId: '111111111111', region: 'eu-central-1' };
export const SCOPE_C: Scope = { accountId: '222222222222', region: 'us-east-1' };

export interface StoreHarness {
  /** Opens the backend on this harness's data (fresh for each harness, shared by every open of it). */
  open(options: MetadataStoreOptions): Promise<MetadataStore>;
  /** Removes the data; every store opened on it has been closed. */
  dispose(): Promise<void>;
}

/** The clock the stores under test read: it moves only when a test moves it. */
export class TestClock {
  constructor(public t = 1_700_000_000_000) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export class ContractContext {
  clock = new TestClock();
  private harness: StoreHarness | undefined;
  private current: MetadataStore | undefined;
  private readonly opened = new Set<MetadataStore>();

  constructor(private readonly makeHarness: () => Promise<StoreHarness>) {}

  /** The store under test: fresh data, the test clock. */
  get store(): MetadataStore {
    if (!this.current) throw new Error('no store is open');
    return this.current;
  }

  /** Another instance on the same data (a second node); it reads the test clock unless told otherwise. */
  async open(options: MetadataStoreOptions = {}): Promise<MetadataStore> {
    const store = await this.harness!.open({ now: this.clock.now, ...options });
    this.opened.add(store);
    return store;
  }

  /** Closes the store under test and opens the same data again, as a restart does. */
  async reopen(options: MetadataStoreOptions = {}): Promise<MetadataStore> {
    await this.close(this.store);
    this.current = await this.open(options);
    return this.current;
  }

  async close(store: MetadataStore): Promise<void> {
    if (!this.opened.delete(store)) return;
    await store.close();
  }

  async setUp(): Promise<void> {
    this.clock = new TestClock();
    this.harness = await this.makeHarness();
    this.current = await this.open();
  }

  async tearDown(): Promise<void> {
    for (const store of [...this.opened]) await this.close(store);
    this.current = undefined;
    await this.harness?.dispose();
    this.harness = undefined;
  }
}
