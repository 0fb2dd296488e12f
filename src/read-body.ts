/** Reads a request body, keeping at most `limit` bytes (the rest is drained and counted, so the caller can refuse it). */
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}
