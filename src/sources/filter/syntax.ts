/** What the parser and the matcher share: the refusal a bad pattern raises and the JSON shapes both read. */

/** A pattern EventBridge's rule compiler refuses; `message` says why (AWS answers all with one message). */
export class InvalidPatternError extends Error {}

/** A value a match rule tests: anything JSON holds that is neither an object nor an array. */
export type Leaf = string | number | boolean | null;

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
