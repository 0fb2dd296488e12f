import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GENERATED_FILES, loadRawModel, renderModel, renderTypes } from '../../scripts/model-source.js';

const root = new URL('../../', import.meta.url);

describe('generated API files', () => {
  it('match what `npm run generate` would write from the installed model', () => {
    const model = loadRawModel();
    assert.equal(Object.keys(model.operations).length, 85);
    assert.ok(readFileSync(new URL(GENERATED_FILES.model, root), 'utf8') === renderModel(model), `${GENERATED_FILES.model} is stale: run npm run generate`);
    assert.ok(readFileSync(new URL(GENERATED_FILES.types, root), 'utf8') === renderTypes(model), `${GENERATED_FILES.types} is stale: run npm run generate`);
  });
});
