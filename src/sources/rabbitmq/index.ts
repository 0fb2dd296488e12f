/** Amazon MQ for RabbitMQ: a mapping whose EventSourceArn is an MQ broker, read over AMQP 0-9-1. */
import type { EventSource } from '../types.js';
import { isBrokerArn } from './broker.js';
import { runRabbitmqPoller } from './poller.js';

export const rabbitmqSource: EventSource = {
  name: 'rabbitmq',
  handles: (config) => isBrokerArn(config.EventSourceArn),
  run: runRabbitmqPoller,
};
