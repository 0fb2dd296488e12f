/**
 * The credentials file of verified mode: which access keys exist, their secrets and their accounts.
 * Two JSON shapes are accepted (see docs/authentication.md):
 *   { "AKIAEXAMPLE": { "secretAccessKey": "...", "accountId": "111111111111" } }
 *   [ { "accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "...", "accountId": "111111111111" } ]
 * `accountId` defaults to the server's default account; `sessionToken`, when set, must accompany the key.
 */
import { readFileSync } from 'node:fs';

export interface KeyRecord {
  secretAccessKey: string;
  accountId: string;
  /** Required token for this key; undefined means the key is used without one. */
  sessionToken: string | undefined;
  /** Keys minted for functions accept whatever session token their runtime forwards. */
  anySessionToken: boolean;
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

function fail(file: string, problem: string): never {
  throw new Error(`Credentials file ${file}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEntry(file: string, where: string, entry: unknown, defaultAccountId: string): KeyRecord {
  if (!isObject(entry)) fail(file, `${where} must be an object`);
  const { secretAccessKey, accountId = defaultAccountId, sessionToken } = entry;
  if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
    fail(file, `${where}.secretAccessKey must be a non-empty string`);
  }
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    fail(file, `${where}.accountId must be a 12-digit account id`);
  }
  if (sessionToken !== undefined && typeof sessionToken !== 'string') fail(file, `${where}.sessionToken must be a string`);
  return { secretAccessKey, accountId, sessionToken, anySessionToken: false };
}

function addKey(file: string, keys: Map<string, KeyRecord>, accessKeyId: unknown, record: KeyRecord, where: string): void {
  if (typeof accessKeyId !== 'string' || !/^[A-Za-z0-9]+$/.test(accessKeyId)) {
    fail(file, `${where} needs an access key id of letters and digits`);
  }
  if (keys.has(accessKeyId)) fail(file, `access key ${accessKeyId} is listed twice`);
  keys.set(accessKeyId, record);
}

/** Parses the file once; a file that cannot be used stops the server rather than locking everyone out later. */
export function parseCredentials(file: string, text: string, defaultAccountId: string): Map<string, KeyRecord> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(file, `not valid JSON (${(err as Error).message})`);
  }
  const keys = new Map<string, KeyRecord>();
  if (Array.isArray(json)) {
    json.forEach((entry, i) => {
      const where = `entry ${i}`;
      addKey(file, keys, isObject(entry) ? entry.accessKeyId : undefined, readEntry(file, where, entry, defaultAccountId), where);
    });
  } else if (isObject(json)) {
    for (const [accessKeyId, entry] of Object.entries(json)) {
      addKey(file, keys, accessKeyId, readEntry(file, `"${accessKeyId}"`, entry, defaultAccountId), `"${accessKeyId}"`);
    }
  } else {
    fail(file, 'must hold an object keyed by access key id, or a list of keys');
  }
  if (keys.size === 0) fail(file, 'lists no access keys');
  return keys;
}

export function loadCredentialsFile(file: string, defaultAccountId: string): Map<string, KeyRecord> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(file, (err as Error).message);
  }
  return parseCredentials(file, text, defaultAccountId);
}
