/** Regenerates the API model and types from botocore's Lambda model: `npm run generate`. */
import { writeFileSync } from 'node:fs';
import { GENERATED_FILES, loadRawModel, renderModel, renderTypes } from './model-source.js';

const model = loadRawModel();
writeFileSync(GENERATED_FILES.model, renderModel(model));
writeFileSync(GENERATED_FILES.types, renderTypes(model));
console.log(`wrote ${GENERATED_FILES.model} and ${GENERATED_FILES.types} (${Object.keys(model.operations).length} operations)`);
