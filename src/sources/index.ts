/** The event sources Lambkin polls, one module each: a new source is one module and one line here. */
import type { EventSourceMappingConfiguration } from '../model/types.generated.js';
import type { EventSource } from './types.js';
import { kinesisSource } from './kinesis/index.js';
import { dynamodbStreamsSource } from './dynamodb-streams/index.js';
import { sqsSource } from './sqs/index.js';
import { rabbitmqSource } from './rabbitmq/index.js';

/** The node's settings that sources read. */
export interface SourceSettings {
  /** --mq-broker: Amazon MQ broker ARN → AMQP URL. */
  mqBrokers: Readonly<Record<string, string>>;
}

export function eventSources(settings: SourceSettings): readonly EventSource[] {
  return [
    kinesisSource,
    dynamodbStreamsSource,
    rabbitmqSource(settings.mqBrokers),
    sqsSource,
  ];
}

export function sourceFor(sources: readonly EventSource[], config: EventSourceMappingConfiguration): EventSource | undefined {
  return sources.find((source) => source.handles(config));
}
