/** Honest archives built with yazl, the way users' tools make them. */
import yazl from 'yazl';

export interface ZipSpec {
  files?: Record<string, { content: string | Buffer; mode?: number; compress?: boolean }>;
  directories?: string[];
}

export async function buildZip(spec: ZipSpec): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const dir of spec.directories ?? []) zip.addEmptyDirectory(dir);
  for (const [name, file] of Object.entries(spec.files ?? {})) {
    const options: Partial<yazl.Options> = { compress: file.compress ?? true };
    if (file.mode !== undefined) options.mode = file.mode;
    zip.addBuffer(Buffer.from(file.content), name, options);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
