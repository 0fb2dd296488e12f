/** Builds real deployment packages in memory. */
import yazl from 'yazl';

export function makeZip(files: Record<string, string | Buffer | { data: string | Buffer; mode: number }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string' || Buffer.isBuffer(content)) zip.addBuffer(Buffer.from(content), name, { mode: 0o100644 });
    else zip.addBuffer(Buffer.from(content.data), name, { mode: 0o100000 | content.mode });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export const NODE_ECHO = {
  'index.js': 'exports.handler = async (event) => ({ echo: event });\n',
};
