export { assertBlobKey, BlobNotFoundError, type BlobStore } from './blob-store.js';
export { FileBlobStore } from './file-blob-store.js';
