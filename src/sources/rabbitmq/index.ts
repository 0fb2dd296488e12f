/** Amazon MQ for RabbitMQ: a mapping whose EventSourceArn is an MQ broker, read over AMQP 0-9-1. */
import type { EventSource } from '../types.js';
import { isBrokerArn, type ConfiguredBrokers } from './broker.js';
import { runRabbitmqPoller } from './poller.js';

/** `brokers` maps broker ARNs to AMQP URLs (--mq-broker); others are found through DescribeBroker. */
export function rabbitmqSource(brokers: ConfiguredBrokers): EventSource {
  return {
    name: 'rabbitmq',
    handles: (config) => isBrokerArn(config.EventSourceArn),
    run: (ctx) => runRabbitmqPoller(ctx, brokers),
  };
}
