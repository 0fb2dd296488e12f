/** FilterCriteria for event source mappings: validation for the API, matching and candidates for pollers. */
export {
  compileFilterCriteria, filterPatternProblem, INVALID_FILTER_PATTERN_MESSAGE, MAX_FILTERS, validateFilterCriteria,
  type RecordFilter,
} from './criteria.js';
export { dynamodbFilterCandidate, kinesisFilterCandidate, rabbitmqFilterCandidate, sqsFilterCandidate } from './candidates.js';
export { FilterPayload } from './payload.js';
