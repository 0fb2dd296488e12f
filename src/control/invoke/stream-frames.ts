/**
 * The two events of InvokeWithResponseStream in AWS's event-stream framing
 * (application/vnd.amazon.eventstream): raw PayloadChunk bytes, then one JSON InvokeComplete.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { InvokeWithResponseStreamCompleteEvent } from '../../model/types.generated.js';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function event(type: 'PayloadChunk' | 'InvokeComplete', contentType: string, body: Uint8Array): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':message-type': { type: 'string', value: 'event' },
      ':content-type': { type: 'string', value: contentType },
    },
    body,
  });
}

export function payloadChunkFrame(bytes: Uint8Array): Uint8Array {
  return event('PayloadChunk', 'application/octet-stream', bytes);
}

export function invokeCompleteFrame(complete: InvokeWithResponseStreamCompleteEvent): Uint8Array {
  return event('InvokeComplete', 'application/json', fromUtf8(JSON.stringify(complete)));
}
