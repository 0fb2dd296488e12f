// The floor's Node.js runtime: a real runtime loop with nothing else in it. One keep-alive connection,
// HTTP/1.1 written by hand: long-poll /next, post the event's own bytes back to /response with the next
// /next behind it in the same write, read the 202 (it comes with the next event). No node:http client
// (its request/response objects and agent pooling cost more than the hop).
import { connect } from 'node:net';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const once = process.env.ONCE === '1';
const NEXT = Buffer.from(`GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
const socket = connect({ host, port: Number(port), noDelay: true }, () => socket.write(NEXT));
let pending = Buffer.alloc(0);
let awaitingEvent = true;

socket.on('data', (chunk) => {
  pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  for (;;) {
    const headEnd = pending.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = pending.toString('latin1', 0, headEnd);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (pending.length < headEnd + 4 + length) return;
    const body = pending.subarray(headEnd + 4, headEnd + 4 + length);
    pending = pending.subarray(headEnd + 4 + length);
    if (awaitingEvent) {
      const id = /lambda-runtime-aws-request-id: *([^\r]+)/i.exec(head)[1];
      // The next `next` goes in the same write, as Lambkin's runtime clients do: no wait for the 202.
      socket.cork();
      socket.write(`POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${length}\r\n\r\n`);
      socket.write(body);
      if (!once) socket.write(NEXT);
      socket.uncork();
    } else if (once) {
      process.exit(0);
    }
    awaitingEvent = !awaitingEvent;
  }
});
