/**
 * Key pairs for functions running inside Lambkin, so they can call Lambkin as their own account.
 * Minted on first use, one per account, and valid only for the life of this process.
 */
import { randomBytes } from 'node:crypto';
import type { KeyRecord } from './credentials-file.js';
import type { KeyPair } from './types.js';

const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 20 characters like an AWS key id; the `LKIA` prefix never clashes with AWS's `AKIA`/`ASIA`. */
function newAccessKeyId(): string {
  let id = 'LKIA';
  for (const byte of randomBytes(16)) id += KEY_ID_ALPHABET[byte % KEY_ID_ALPHABET.length];
  return id;
}

export class InternalKeys {
  private readonly byAccount = new Map<string, KeyPair>();
  private readonly byKeyId = new Map<string, KeyRecord>();

  forAccount(accountId: string): KeyPair {
    let pair = this.byAccount.get(accountId);
    if (!pair) {
      pair = { accessKeyId: newAccessKeyId(), secretAccessKey: randomBytes(30).toString('base64') };
      this.byAccount.set(accountId, pair);
      this.byKeyId.set(pair.accessKeyId, {
        secretAccessKey: pair.secretAccessKey,
        accountId,
        sessionToken: undefined,
        anySessionToken: true,
      });
    }
    return pair;
  }

  lookup(accessKeyId: string): KeyRecord | undefined {
    return this.byKeyId.get(accessKeyId);
  }
}
