import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCredentials } from '../../../src/api/auth/credentials-file.js';
import { createAuthenticator } from '../../../src/api/auth/index.js';
import { SIGNED_AT, signedRequest } from './signing.js';

const parse = (json: unknown) => parseCredentials('creds.json', JSON.stringify(json), '000000000000');

describe('credentials file', () => {
  it('reads the object form', () => {
    const keys = parse({ AKIAONE: { secretAccessKey: 's1', accountId: '111111111111' }, AKIATWO: { secretAccessKey: 's2' } });
    assert.deepEqual([...keys], [
      ['AKIAONE', { secretAccessKey: 's1', accountId: '111111111111', sessionToken: undefined, anySessionToken: false }],
      ['AKIATWO', { secretAccessKey: 's2', accountId: '000000000000', sessionToken: undefined, anySessionToken: false }],
    ]);
  });

  it('reads the list form, with an optional session token', () => {
    const keys = parse([{ accessKeyId: 'ASIAONE', secretAccessKey: 's1', accountId: '111111111111', sessionToken: 't' }]);
    assert.deepEqual(keys.get('ASIAONE'), { secretAccessKey: 's1', accountId: '111111111111', sessionToken: 't', anySessionToken: false });
  });

  it('refuses files it cannot use, naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['{', /^Error: Credentials file creds\.json: not valid JSON/],
      ['"AKIA"', /must hold an object keyed by access key id, or a list of keys$/],
      ['{}', /lists no access keys$/],
      ['{"AKIAONE": {"accountId": "111111111111"}}', /"AKIAONE"\.secretAccessKey must be a non-empty string$/],
      ['{"AKIAONE": {"secretAccessKey": "s", "accountId": "1111"}}', /"AKIAONE"\.accountId must be a 12-digit account id$/],
      ['[{"secretAccessKey": "s"}]', /entry 0 needs an access key id of letters and digits$/],
      ['[{"accessKeyId": "A", "secretAccessKey": "s"}, {"accessKeyId": "A", "secretAccessKey": "t"}]', /access key A is listed twice$/],
      ['{"AKIAONE": "secret"}', /"AKIAONE" must be an object$/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseCredentials('creds.json', text, '000000000000'), message, text);
    }
  });

  it('is read once, when the authenticator is created', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'creds.json');
    writeFileSync(file, JSON.stringify([{ accessKeyId: 'AKIAONE', secretAccessKey: 's1', accountId: '111111111111' }]));
    const auth = createAuthenticator({ defaultAccountId: '000000000000', credentialsFile: file, now: () => SIGNED_AT });
    writeFileSync(file, 'not json any more');
    const caller = await auth.authenticate(await signedRequest({}, { accessKeyId: 'AKIAONE', secretAccessKey: 's1' }));
    assert.deepEqual(caller, { accountId: '111111111111', accessKeyId: 'AKIAONE', region: 'us-east-1' });
    assert.throws(
      () => createAuthenticator({ defaultAccountId: '000000000000', credentialsFile: join(file, 'missing') }),
      /^Error: Credentials file .*missing: ENOTDIR/,
    );
  });
});
