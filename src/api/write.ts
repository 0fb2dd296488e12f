/** Writes an encoded answer, whole or streamed, with the request id AWS puts on every answer. */
import type { ServerResponse } from 'node:http';
import type { WireResponse } from './encode.js';

export async function writeResponse(res: ServerResponse, requestId: string, wire: WireResponse): Promise<void> {
  if (Buffer.isBuffer(wire.body)) {
    // One flat header list for writeHead: headers a caller set before (Connection: close) still go out.
    const headers = ['x-amzn-RequestId', requestId];
    for (const name in wire.headers) headers.push(name, wire.headers[name]!);
    headers.push('Content-Length', String(wire.body.length));
    res.writeHead(wire.status, headers).end(wire.body);
    return;
  }
  res.statusCode = wire.status;
  res.setHeader('x-amzn-RequestId', requestId);
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  res.flushHeaders();
  for await (const chunk of wire.body) {
    // A client that went away never drains; stop writing instead of waiting forever.
    if (res.destroyed) return;
    if (!res.write(chunk)) await new Promise((r) => { res.once('drain', r); res.once('close', r); });
  }
  res.end();
}
