/** Regenerates the API model and types from botocore, @aws-sdk/client-lambda and scripts/model-additions.ts: `npm run generate`. */
import { writeFileSync } from 'node:fs';
import { GENERATED_FILES, loadModel, renderModel, renderTypes } from './model-source.js';

const model = loadModel();
writeFileSync(GENERATED_FILES.model, renderModel(model));
writeFileSync(GENERATED_FILES.types, renderTypes(model));
console.log(`wrote ${GENERATED_FILES.model} and ${GENERATED_FILES.types} (${Object.keys(model.operations).length} operations)`);
