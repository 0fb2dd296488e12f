/** The Date header's value (RFC 7231, as node:http writes it), formatted at most once a second. */
let second = -1;
let formatted = '';

export function httpDate(now = Date.now()): string {
  const s = Math.floor(now / 1000);
  if (s !== second) {
    second = s;
    formatted = new Date(s * 1000).toUTCString();
  }
  return formatted;
}
