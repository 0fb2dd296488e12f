/** DynamoDB Streams as an event source: the shared shard poller reading through this folder's adapter. */
import { endpointOverride } from '../../outbound/credentials.js';
import { streamSource } from '../streams/source.js';
import { dynamoDbStreamsAdapter } from './adapter.js';
import { isStreamArn } from './arn.js';

/** AWS allows about 4 reads a second per shard, shared by every reader; an emulator has no such limit. */
const AWS_IDLE_POLL_MS = 250;
const EMULATOR_IDLE_POLL_MS = 20;

export const dynamodbStreamsSource = streamSource({
  // FilterCriteria rules are keyed by this name (src/sources/filter/criteria.ts).
  name: 'dynamodb-streams',
  handles: (config) => isStreamArn(config.EventSourceArn),
  makeAdapter: (mapping) => dynamoDbStreamsAdapter({ streamArn: mapping.config.EventSourceArn! }),
  idlePollMs: () => (endpointOverride('dynamodbstreams') !== undefined ? EMULATOR_IDLE_POLL_MS : AWS_IDLE_POLL_MS),
});
