/**
 * Content-addressed storage for code zips. Keys are the lowercase hex SHA-256 of the bytes, so the
 * same package uploaded twice is stored once and a key always names the same bytes.
 */
export interface BlobStore {
  /** Stores `data` and returns its key; storing bytes already present is a no-op. */
  put(data: Buffer): Promise<string>;
  /** The bytes under `key`; throws BlobNotFoundError if there are none. */
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Removes the bytes under `key`; no error if they are already gone. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no blob stored under ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** Keys become file paths and object names, so anything but a SHA-256 in hex is refused outright. */
export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new TypeError(`not a blob key: ${JSON.stringify(key)}`);
}
