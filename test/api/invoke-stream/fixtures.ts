/** Deploying real functions and reading InvokeWithResponseStream answers event by event. */
import {
  CreateFunctionCommand, InvokeWithResponseStreamCommand, type InvokeWithResponseStreamCommandInput,
  type InvokeWithResponseStreamCompleteEvent, type LambdaClient, type Runtime,
} from '@aws-sdk/client-lambda';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { rawRequest, type RawResponse } from '../../support/raw-request.js';
import { makeZip } from '../../support/zip.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

export interface DeployOptions { runtime?: Runtime; handler?: string; timeout?: number }

export async function deploy(client: LambdaClient, name: string, files: Record<string, string>, options: DeployOptions = {}): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name,
    Runtime: options.runtime ?? 'nodejs20.x',
    Handler: options.handler ?? 'index.handler',
    Role: ROLE,
    Code: { ZipFile: await makeZip(files) },
    ...(options.timeout ? { Timeout: options.timeout } : {}),
  }));
}

/** A streamifyResponse handler module whose body runs with `event`, `stream` and `context` in scope. */
export function streamingHandler(body: string): Record<string, string> {
  return {
    'index.js': `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.handler = awslambda.streamifyResponse(async (event, stream, context) => {
${body}
});
`,
  };
}

export interface Streamed {
  status: number | undefined;
  executedVersion: string | undefined;
  contentType: string | undefined;
  requestId: string | undefined;
  /** Each PayloadChunk's bytes, in arrival order. */
  chunks: Buffer[];
  complete: InvokeWithResponseStreamCompleteEvent | undefined;
  /** Event kinds in arrival order, e.g. ['PayloadChunk', 'InvokeComplete']. */
  kinds: string[];
  text(): string;
}

/** `onChunk` runs as each PayloadChunk arrives, before the next is read. */
export async function invokeStream(
  client: LambdaClient, name: string, event: unknown = {}, extra: Partial<InvokeWithResponseStreamCommandInput> = {},
  onChunk?: (chunk: Buffer, index: number) => void,
): Promise<Streamed> {
  const out = await client.send(new InvokeWithResponseStreamCommand({
    FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), ...extra,
  }));
  const result: Streamed = {
    status: out.StatusCode,
    executedVersion: out.ExecutedVersion,
    contentType: out.ResponseStreamContentType,
    requestId: out.$metadata.requestId,
    chunks: [],
    complete: undefined,
    kinds: [],
    text: () => Buffer.concat(result.chunks).toString('utf8'),
  };
  for await (const e of out.EventStream ?? []) {
    if (e.PayloadChunk) {
      result.chunks.push(Buffer.from(e.PayloadChunk.Payload ?? new Uint8Array()));
      result.kinds.push('PayloadChunk');
      onChunk?.(result.chunks[result.chunks.length - 1]!, result.chunks.length - 1);
    } else if (e.InvokeComplete) {
      result.complete = e.InvokeComplete;
      result.kinds.push('InvokeComplete');
    } else {
      result.kinds.push(Object.keys(e).join(','));
    }
  }
  return result;
}

export type { RawResponse } from '../../support/raw-request.js';

/** A SigV4-signed request sent as is, for asserting the bytes on the wire. */
export function signedRequest(
  baseUrl: string, r: { method: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<RawResponse> {
  return rawRequest(baseUrl, r);
}

/** Splits an event-stream body into its messages (each frame carries its own total length). */
export function decodeFrames(body: Buffer): Message[] {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const messages: Message[] = [];
  for (let offset = 0; offset < body.length;) {
    const length = body.readUInt32BE(offset);
    messages.push(codec.decode(body.subarray(offset, offset + length)));
    offset += length;
  }
  return messages;
}

export function headerValues(message: Message): Record<string, unknown> {
  return Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.value]));
}
