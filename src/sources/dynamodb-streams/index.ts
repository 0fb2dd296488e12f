/** DynamoDB Streams as an event source: the shared shard poller reading through this folder's adapter. */
import { streamSource } from '../streams/source.js';
import { dynamoDbStreamsAdapter } from './adapter.js';
import { isStreamArn } from './arn.js';

export const dynamodbStreamsSource = streamSource({
  // FilterCriteria rules are keyed by this name (src/sources/filter/criteria.ts).
  name: 'dynamodb-streams',
  handles: (config) => isStreamArn(config.EventSourceArn),
  makeAdapter: (mapping) => dynamoDbStreamsAdapter({ streamArn: mapping.config.EventSourceArn! }),
});
