/**
 * One AMQP 0-9-1 connection of a mapping: PLAIN login with the secret's user on the mapping's virtual
 * host, one channel with prefetch = BatchSize, one consumer on the mapping's queue with manual
 * acknowledgement. Failures are worded as what the user has to fix.
 */
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { BrokerUser } from './secret.js';
import { SourceProblem } from './problem.js';

export interface ConsumerTarget {
  url: URL;
  user: BrokerUser;
  vhost: string;
  queue: string;
  prefetch: number;
  /** Names the connection and consumer on the broker (AWS names its consumer group after the mapping). */
  tag: string;
}

export interface OpenConsumer {
  channel: Channel;
  /** Resolves with why, once the connection, the channel or the consumer ends. */
  ended: Promise<Error>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;
const HEARTBEAT_SECONDS = 30;

export async function openConsumer(target: ConsumerTarget, onMessage: (message: ConsumeMessage, channel: Channel) => void): Promise<OpenConsumer> {
  const { url, user, vhost, queue } = target;
  const where = `${url.hostname}:${url.port || (url.protocol === 'amqps:' ? 5671 : 5672)}`;
  let model: ChannelModel;
  try {
    model = await connect({
      protocol: url.protocol.slice(0, -1), hostname: url.hostname, port: Number(url.port) || (url.protocol === 'amqps:' ? 5671 : 5672),
      username: user.username, password: user.password, vhost, heartbeat: HEARTBEAT_SECONDS,
    }, { timeout: CONNECT_TIMEOUT_MS, servername: url.hostname, clientProperties: { connection_name: target.tag } });
  } catch (err) {
    throw connectProblem(err as Error & { code?: string }, where, user.username, vhost);
  }
  let endedWith: (reason: Error) => void = () => {};
  const ended = new Promise<Error>((resolve) => { endedWith = resolve; });
  model.on('error', (err: Error) => endedWith(new SourceProblem(undefined, `connection to broker at ${where} failed: ${err.message}`)));
  model.on('close', (err?: Error) => endedWith(new SourceProblem(undefined, `connection to broker at ${where} closed${err ? `: ${err.message}` : ''}`)));
  let opened: Channel | undefined;
  const close = async () => {
    // The channel first: its close frame follows the acknowledgements written on it, so the broker has
    // them all; closing only the connection can overtake them, and the broker then requeues those messages.
    await opened?.close().catch(() => undefined);
    await model.close().catch(() => undefined);
  };
  try {
    const channel = await model.createChannel();
    opened = channel;
    channel.on('error', (err: Error) => endedWith(channelProblem(err, queue, vhost, user.username)));
    // A channel closes along with its connection: the connection's reason, heard next, says more.
    channel.on('close', () => setImmediate(() => endedWith(new SourceProblem(undefined, `channel to broker at ${where} closed`))));
    await channel.prefetch(target.prefetch);
    await channel.consume(queue, (message) => {
      if (message === null) endedWith(new SourceProblem(undefined, `the broker cancelled the consumer of queue '${queue}' (was the queue deleted?)`));
      else onMessage(message, channel);
    }, { consumerTag: target.tag, noAck: false });
    return { channel, ended, close };
  } catch (err) {
    await close();
    throw channelProblem(err as Error, queue, vhost, user.username);
  }
}

function connectProblem(err: Error & { code?: string }, where: string, username: string, vhost: string): SourceProblem {
  if (/ACCESS.REFUSED/.test(err.message)) {
    return new SourceProblem('EVENT_SOURCE_AUTHN_ERROR', `the broker at ${where} refused the login of user '${username}' from the BASIC_AUTH secret (${err.message})`);
  }
  // The broker closes the connection at Connection.Open when the virtual host is missing or not allowed.
  if (/ConnectionOpenOk/.test(err.message)) {
    return new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `the broker at ${where} refused virtual host '${vhost}' to user '${username}' (it does not exist, or the user has no permissions on it)`);
  }
  const code = err.code ?? (/timeout/i.test(err.message) ? 'ETIMEDOUT' : undefined);
  return new SourceProblem(undefined, `cannot connect to broker at ${where}: ${code ? `${code} ` : ''}${err.message}`);
}

function channelProblem(err: Error, queue: string, vhost: string, username: string): Error {
  if (err instanceof SourceProblem) return err;
  const code = (err as { code?: number }).code;
  if (code === 404) return new SourceProblem('ESM_CONFIG_NOT_VALID', `queue '${queue}' does not exist in virtual host '${vhost}'`);
  if (code === 403) return new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `user '${username}' may not read queue '${queue}' in virtual host '${vhost}' (${err.message})`);
  return new SourceProblem(undefined, `consuming queue '${queue}' failed: ${err.message}`);
}
