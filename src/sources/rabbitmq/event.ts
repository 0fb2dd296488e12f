/**
 * The event AWS's RabbitMQ poller hands a function, built from amqplib deliveries. AWS's poller is a
 * Java client whose message properties reach the function as Gson serialises them: every property
 * present (null when unset), string headers as `{"bytes": [...]}` (the client's LongString), dates in
 * Java's default US format. The shapes follow the example events of AWS's "Using Lambda with Amazon MQ".
 */
import type { Message, MessageProperties } from 'amqplib';

export const EVENT_SOURCE = 'aws:rmq';

export interface RabbitRecord {
  basicProperties: Record<string, unknown>;
  redelivered: boolean;
  data: string;
}

/** `queue::vhost`, the key AWS files a queue's messages under. */
export function queueKey(queue: string, vhost: string): string {
  return `${queue}::${vhost}`;
}

export function rabbitEvent(brokerArn: string, queue: string, vhost: string, records: RabbitRecord[]): Record<string, unknown> {
  return { eventSource: EVENT_SOURCE, eventSourceArn: brokerArn, rmqMessagesByQueue: { [queueKey(queue, vhost)]: records } };
}

export function rabbitRecord(message: Message): RabbitRecord {
  return {
    basicProperties: basicProperties(message.properties, message.content.length),
    redelivered: message.fields.redelivered,
    data: message.content.toString('base64'),
  };
}

function basicProperties(p: MessageProperties, bodySize: number): Record<string, unknown> {
  const orNull = (value: unknown) => (value === undefined ? null : value);
  return {
    contentType: orNull(p.contentType),
    contentEncoding: orNull(p.contentEncoding),
    headers: p.headers === undefined ? null : headerTable(p.headers),
    deliveryMode: orNull(p.deliveryMode),
    priority: orNull(p.priority),
    correlationId: orNull(p.correlationId),
    replyTo: orNull(p.replyTo),
    expiration: orNull(p.expiration),
    messageId: orNull(p.messageId),
    // AMQP timestamps are seconds; the Java client makes them Dates.
    timestamp: typeof p.timestamp === 'number' ? javaDate(p.timestamp * 1000) : null,
    type: orNull(p.type),
    userId: orNull(p.userId),
    appId: orNull(p.appId),
    clusterId: orNull(p.clusterId),
    bodySize,
  };
}

function headerTable(table: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([name, value]) => [name, headerValue(value)]));
}

/** One AMQP field value as amqplib decodes it, in the JSON the Java client's types serialise to. */
function headerValue(value: unknown): unknown {
  if (typeof value === 'string') return { bytes: javaBytes(Buffer.from(value, 'utf8')) };
  if (Buffer.isBuffer(value)) return javaBytes(value);
  if (Array.isArray(value)) return value.map(headerValue);
  if (value !== null && typeof value === 'object') {
    const tagged = value as { '!'?: string; value?: unknown };
    if (tagged['!'] === 'timestamp' && typeof tagged.value === 'number') return javaDate(tagged.value * 1000);
    if (tagged['!'] === 'decimal') {
      const { places, digits } = tagged.value as { places: number; digits: number };
      return digits / 10 ** places;
    }
    return headerTable(value as Record<string, unknown>);
  }
  return value;
}

/** Java bytes are signed. */
function javaBytes(buffer: Buffer): number[] {
  return Array.from(new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 1, 1970, 12:33:41 AM`: Gson's default Date format in the US locale, in UTC as Lambda's pollers run. */
export function javaDate(epochMs: number): string {
  const d = new Date(epochMs);
  const hours = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hours % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}
