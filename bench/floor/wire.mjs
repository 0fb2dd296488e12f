// HTTP/1.1 written by hand for the floor's servers: requests framed by Content-Length on keep-alive
// connections, answers written in one call each. node:http's request and response objects cost more
// than a hop, so a floor built on them would not be the least the hops can cost.

/**
 * Calls `onRequest(request, socket)` for each complete request read from `socket`, and `onBatchEnd(socket)`
 * once those that arrived together are done.
 */
export function readRequests(socket, onRequest, onBatchEnd = () => {}) {
  let pending;
  socket.on('data', (chunk) => {
    pending = pending ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) return onBatchEnd(socket);
      const head = pending.latin1Slice(0, headEnd);
      const firstSpace = head.indexOf(' ');
      const url = head.slice(firstSpace + 1, head.indexOf(' ', firstSpace + 1));
      const length = Number(header(head, 'content-length') ?? 0);
      const end = headEnd + 4 + length;
      if (pending.length < end) return onBatchEnd(socket);
      const body = pending.subarray(headEnd + 4, end);
      pending = pending.length === end ? undefined : pending.subarray(end);
      onRequest({ url, head, body }, socket);
      if (!pending) return onBatchEnd(socket);
    }
  });
  socket.on('error', () => socket.destroy());
}

/** A header's value from a request head (names compared case-insensitively), or undefined. */
export function header(head, name) {
  const at = head.toLowerCase().indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const end = head.indexOf('\r\n', start);
  return head.slice(start, end < 0 ? undefined : end).trim();
}

const REASONS = { 200: 'OK', 202: 'Accepted' };

/** One answer: status line, headers and body in a single write. */
export function answer(socket, status, body, extraHeaders = '') {
  const head = `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${extraHeaders}\r\n`;
  socket.cork();
  socket.write(head, 'latin1');
  socket.write(body);
  socket.uncork();
}
