/**
 * The console's place in the family registry. It answers no Lambda API operation; it declares the
 * documents it keeps, so a reset empties them and a function's saved test events go in the same
 * batch as the function (a function re-created under the name starts with none).
 */
import type { ResourceFamily } from '../api/operations/types.js';
import { TEST_EVENT_KIND } from './test-events.js';

export const consoleFamily: ResourceFamily = {
  handlers: () => ({}),
  kinds: [TEST_EVENT_KIND],
  dependants: {
    ofFunction: (scope, functionName) => [{ op: 'deleteChildren', kind: TEST_EVENT_KIND, scope, parent: functionName }],
  },
};
