/**
 * Amazon SQS as an event source: standard and FIFO queues, read through the standard endpoint settings
 * so the same mapping works against AWS and SQS-compatible emulators.
 */
import type { EventSource } from '../types.js';
import { SqsPoller } from './poller.js';
import { SqsQueue } from './queue.js';
import { queueRef, sqsSettings } from './settings.js';

export const sqsSource: EventSource = {
  name: 'sqs',
  handles: (config) => queueRef(config.EventSourceArn) !== undefined,
  async run(ctx) {
    const settings = sqsSettings(ctx.mapping.config, ctx.mapping.scope.region);
    await new SqsPoller(ctx, settings, new SqsQueue(settings.queue)).run();
  },
};
