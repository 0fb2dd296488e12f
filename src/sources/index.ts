/** The event sources Lambkin polls, one module each: a new source is one module and one line here. */
import type { EventSource } from './types.js';
import { kinesisSource } from './kinesis/index.js';
import { dynamodbStreamsSource } from './dynamodb-streams/index.js';
import { rabbitmqSource } from './rabbitmq/index.js';

export const SOURCES: readonly EventSource[] = [
  kinesisSource,
  dynamodbStreamsSource,
  rabbitmqSource,
];

export function sourceFor(config: Parameters<EventSource['handles']>[0]): EventSource | undefined {
  return SOURCES.find((source) => source.handles(config));
}
