/**
 * What a stream function's answer means for its batch. With ReportBatchItemFailures, AWS reads
 * `batchItemFailures[].itemIdentifier` as sequence numbers: an empty or absent list (and any answer
 * that is not an object: "", [], null) is a complete success; an identifier that is empty, null,
 * missing or names no record of the batch fails the whole batch. Otherwise the batch succeeded up to
 * the lowest failed record, and is retried from there. With a tumbling window, an answer without
 * `state` fails the batch.
 */
export type Verdict =
  | { kind: 'done' }
  /** Records before `from` (an index into the batch) are done; the rest is retried. */
  | { kind: 'partial'; from: number }
  | { kind: 'failed' };

export interface ResponseReading {
  verdict: Verdict;
  /** The `state` the function returned (tumbling windows). */
  state?: unknown;
}

export interface ResponseRules {
  reportItemFailures: boolean;
  tumbling: boolean;
}

function parse(payload: Buffer): unknown {
  try {
    return payload.length === 0 ? null : JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function itemFailuresVerdict(answer: unknown, sequenceNumbers: readonly string[]): Verdict {
  if (!isObject(answer)) return { kind: 'done' };
  const failures = answer.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'done' };
  if (!Array.isArray(failures)) return { kind: 'failed' };
  if (failures.length === 0) return { kind: 'done' };
  let from = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = isObject(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return { kind: 'failed' };
    const index = sequenceNumbers.indexOf(id);
    if (index < 0) return { kind: 'failed' };
    from = Math.min(from, index);
  }
  return { kind: 'partial', from };
}

/** How a function's answer (it returned; it did not raise) settles its batch. */
export function readResponse(payload: Buffer, sequenceNumbers: readonly string[], rules: ResponseRules): ResponseReading {
  const answer = parse(payload);
  let state: unknown;
  if (rules.tumbling) {
    if (!isObject(answer) || !('state' in answer)) return { verdict: { kind: 'failed' } };
    state = answer.state;
  }
  const verdict: Verdict = rules.reportItemFailures ? itemFailuresVerdict(answer, sequenceNumbers) : { kind: 'done' };
  return rules.tumbling ? { verdict, state } : { verdict };
}
