/** The event sources Lambkin polls, one module each: a new source is one module and one line here. */
import type { EventSource } from './types.js';
import { dynamodbStreamsSource } from './dynamodb-streams/index.js';
import { sqsSource } from './sqs/index.js';

export const SOURCES: readonly EventSource[] = [
  dynamodbStreamsSource,
  sqsSource,
];

export function sourceFor(config: Parameters<EventSource['handles']>[0]): EventSource | undefined {
  return SOURCES.find((source) => source.handles(config));
}
