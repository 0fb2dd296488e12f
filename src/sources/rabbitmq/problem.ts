/**
 * Why a mapping cannot read its broker, worded for its LastProcessingResult and the status endpoint.
 * `code` is the StateTransitionReason code AWS documents for Amazon MQ mappings, where one fits.
 */
export type ProblemCode = 'ESM_CONFIG_NOT_VALID' | 'EVENT_SOURCE_AUTHN_ERROR' | 'EVENT_SOURCE_AUTHZ_ERROR';

export class SourceProblem extends Error {
  constructor(readonly code: ProblemCode | undefined, detail: string) {
    super(code ? `${code}: ${detail}` : detail);
    this.name = 'SourceProblem';
  }
}
