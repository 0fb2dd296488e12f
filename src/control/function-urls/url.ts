/**
 * A URL config's address and identity: `http://<url-id>.lambda-url.<region>.localhost:<port>/`, AWS's
 * `https://<url-id>.lambda-url.<region>.on.aws/` on Lambkin's own port. Only the id is stored; the
 * address is built from the base on every answer, so it follows the port the node listens on.
 */
import { randomInt } from 'node:crypto';

/** Where URL hosts hang from by default: `localhost` (loopback with no DNS set-up) on the node's port. */
export function defaultFunctionUrlBase(endpoint: string): string {
  const { protocol, port } = new URL(endpoint);
  return `${protocol}//localhost${port ? `:${port}` : ''}`;
}

/** `base` is scheme, host and optional port (`http://localhost:9001`); the URL's host is `<id>.lambda-url.<region>.<host>`. */
export function functionUrl(base: string, region: string, urlId: string): string {
  const { protocol, host } = new URL(base);
  return `${protocol}//${urlId}.lambda-url.${region}.${host}/`;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const URL_ID_LENGTH = 32;

/** 32 random lower-case letters and digits, as AWS's url ids. */
export function newUrlId(): string {
  let id = '';
  for (let i = 0; i < URL_ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** ISO-8601 with microseconds, as AWS writes CreationTime and LastModifiedTime: `2026-12-02T01:10:00.123456Z`. */
export function urlConfigTimestamp(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}
