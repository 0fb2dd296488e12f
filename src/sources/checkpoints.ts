/**
 * A mapping's durable progress: SOURCE_CHECKPOINT_KIND documents keyed `<uuid>/<name>`, filed under
 * the mapping's UUID. Every write carries the lease term it was made under, so a poller that lost its
 * mapping's lease (paused past the TTL while another node took over) cannot overwrite newer progress.
 */
import { LEASE_CONFLICT_KIND, StoreConflict, type Lease, type MetadataStore, type Scope, type WriteOp } from '../store/types.js';
import { SOURCE_CHECKPOINT_KIND, checkpointKey } from '../control/event-source-mappings/records.js';
import type { CheckpointStore } from './types.js';

export class LeasedCheckpoints implements CheckpointStore {
  constructor(
    private readonly store: Pick<MetadataStore, 'get' | 'list' | 'commit'>,
    private readonly scope: Scope,
    private readonly uuid: string,
    private readonly lease: Lease,
    /** Told when a write was refused because the lease is gone: the poller must stop. */
    private readonly onLeaseLost: () => void = () => {},
  ) {}

  async get<T>(name: string): Promise<T | undefined> {
    return (await this.store.get<T>(SOURCE_CHECKPOINT_KIND, this.scope, checkpointKey(this.uuid, name)))?.doc;
  }

  put(name: string, value: unknown): Promise<void> {
    return this.write({ op: 'put', kind: SOURCE_CHECKPOINT_KIND, scope: this.scope, key: checkpointKey(this.uuid, name), parent: this.uuid, doc: value });
  }

  delete(name: string): Promise<void> {
    return this.write({ op: 'delete', kind: SOURCE_CHECKPOINT_KIND, scope: this.scope, key: checkpointKey(this.uuid, name) });
  }

  async list<T>(): Promise<Array<{ name: string; value: T }>> {
    const docs = await this.store.list<T>(SOURCE_CHECKPOINT_KIND, this.scope, { parent: this.uuid });
    const prefix = `${this.uuid}/`;
    return docs.map((d) => ({ name: d.key.startsWith(prefix) ? d.key.slice(prefix.length) : d.key, value: d.doc }));
  }

  private async write(op: WriteOp): Promise<void> {
    try {
      await this.store.commit([{ op: 'requireLease', name: this.lease.name, token: this.lease.token }, op]);
    } catch (err) {
      if (err instanceof StoreConflict && err.kind === LEASE_CONFLICT_KIND) this.onLeaseLost();
      throw err;
    }
  }
}

/** What removes every checkpoint of a mapping, for a batch of its own or the mapping's delete. */
export function dropCheckpoints(scope: Scope, uuid: string): WriteOp {
  return { op: 'deleteChildren', kind: SOURCE_CHECKPOINT_KIND, scope, parent: uuid };
}
