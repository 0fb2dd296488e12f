// The RabbitMQ event as AWS's example in "Using Lambda with Amazon MQ" shows it, from amqplib deliveries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'amqplib';
import { javaDate, queueKey, rabbitEvent, rabbitRecord } from '../../../src/sources/rabbitmq/event.js';

function delivery(content: string, properties: Partial<Message['properties']>, redelivered = false): Message {
  return {
    content: Buffer.from(content),
    fields: { deliveryTag: 1, redelivered, exchange: '', routingKey: 'pizzaQueue' },
    properties: properties as Message['properties'],
  };
}

test("AWS's example record: string headers as Java bytes, numbers as numbers, the timestamp in Java's format", () => {
  const body = '{"timeout":0,"data":"CZrmf0Gw8Ov4bqLQxD4E"}';
  const record = rabbitRecord(delivery(body, {
    contentType: 'text/plain', headers: { header1: 'value1', header2: 'value2', numberInHeader: 10 },
    deliveryMode: 1, priority: 34, expiration: '60000', timestamp: 2021, userId: 'AIDACKCEVSQ6C2EXAMPLE',
  }));
  const arn = 'arn:aws:mq:us-west-2:112556298976:broker:pizzaBroker:b-9bcfa592-423a-4942-879d-eb284b418fc8';
  assert.deepEqual(rabbitEvent(arn, 'pizzaQueue', '/', [record]), {
    eventSource: 'aws:rmq',
    eventSourceArn: arn,
    rmqMessagesByQueue: {
      'pizzaQueue::/': [{
        basicProperties: {
          contentType: 'text/plain',
          contentEncoding: null,
          headers: {
            header1: { bytes: [118, 97, 108, 117, 101, 49] },
            header2: { bytes: [118, 97, 108, 117, 101, 50] },
            numberInHeader: 10,
          },
          deliveryMode: 1,
          priority: 34,
          correlationId: null,
          replyTo: null,
          expiration: '60000',
          messageId: null,
          timestamp: 'Jan 1, 1970, 12:33:41 AM',
          type: null,
          userId: 'AIDACKCEVSQ6C2EXAMPLE',
          appId: null,
          clusterId: null,
          // The body's length (AWS's sample says 80 beside a 43-byte body).
          bodySize: 43,
        },
        redelivered: false,
        data: 'eyJ0aW1lb3V0IjowLCJkYXRhIjoiQ1pybWYwR3c4T3Y0YnFMUXhENEUifQ==',
      }],
    },
  });
});

test('a message without properties has every property null, headers included', () => {
  const record = rabbitRecord(delivery('hi', {}, true));
  assert.deepEqual(Object.keys(record.basicProperties), ['contentType', 'contentEncoding', 'headers', 'deliveryMode', 'priority',
    'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'clusterId', 'bodySize']);
  for (const [name, value] of Object.entries(record.basicProperties)) {
    assert.equal(value, name === 'bodySize' ? 2 : null, name);
  }
  assert.equal(record.redelivered, true);
  assert.equal(record.data, Buffer.from('hi').toString('base64'));
});

test('header values of every AMQP type, as the Java client serialises them', () => {
  const headers = rabbitRecord(delivery('', {
    headers: {
      utf8: 'é', flag: true, none: null, big: 2 ** 40, ratio: 0.5,
      raw: Buffer.from([1, 255]),
      list: ['a', 7],
      nested: { inner: 'x' },
      when: { '!': 'timestamp', value: 1_700_000_000 },
      price: { '!': 'decimal', value: { places: 2, digits: 1999 } },
    },
  })).basicProperties.headers;
  assert.deepEqual(headers, {
    utf8: { bytes: [-61, -87] }, flag: true, none: null, big: 2 ** 40, ratio: 0.5,
    raw: [1, -1],
    list: [{ bytes: [97] }, 7],
    nested: { inner: { bytes: [120] } },
    when: 'Nov 14, 2023, 10:13:20 PM',
    price: 19.99,
  });
});

test("Java's default date format: 12-hour clock, noon and midnight as 12", () => {
  assert.equal(javaDate(0), 'Jan 1, 1970, 12:00:00 AM');
  assert.equal(javaDate(Date.UTC(2024, 1, 29, 12, 5, 9)), 'Feb 29, 2024, 12:05:09 PM');
  assert.equal(javaDate(Date.UTC(2024, 11, 31, 23, 59, 59)), 'Dec 31, 2024, 11:59:59 PM');
});

test('the queue key names the queue and the virtual host', () => {
  assert.equal(queueKey('orders', '/'), 'orders::/');
  assert.equal(queueKey('orders', 'shop'), 'orders::shop');
});
