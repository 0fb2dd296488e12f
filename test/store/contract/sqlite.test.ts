/** The SQLite backend against the metadata store contract: a file in a temp dir, reopened as a restart would. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMetadataStore } from '../../../src/store/sqlite.js';
import { runMetadataStoreContract } from './suite.js';

runMetadataStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lambkin-store-'));
  const file = join(dir, 'lambkin.db');
  return {
    open: async (options) => new SqliteMetadataStore(file, options),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});
