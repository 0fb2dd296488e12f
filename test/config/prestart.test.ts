import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

test('--prestart and LAMBKIN_PRESTART set how many sandboxes are kept started per runtime (1 unless set, 0 for none)', () => {
  assert.equal(loadConfig({}, {}).prestart, 1);
  assert.equal(loadConfig({ prestart: '2' }, {}).prestart, 2);
  assert.equal(loadConfig({}, { LAMBKIN_PRESTART: '0' }).prestart, 0);
  assert.equal(loadConfig({ prestart: '3' }, { LAMBKIN_PRESTART: '0' }).prestart, 3, 'the flag wins');
  for (const bad of ['-1', '1.5', 'many', '65']) assert.throws(() => loadConfig({ prestart: bad }, {}), ConfigError);
});
