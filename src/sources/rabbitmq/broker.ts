/**
 * Where a mapping's broker answers AMQP: a `--mq-broker ARN=URL` setting when one names the broker
 * (a local RabbitMQ has no MQ endpoint to describe it), otherwise the MQ endpoint's DescribeBroker.
 */
import { DescribeBrokerCommand, MqClient } from '@aws-sdk/client-mq';
import {
  credentialsAdvice, endpointOverride, hasCredentialSource, isMissingCredentials, outboundClientOptions,
} from '../../outbound/credentials.js';
import { SourceProblem } from './problem.js';

export interface BrokerArn {
  arn: string;
  region: string;
  accountId: string;
  name: string;
  brokerId: string;
}

const BROKER_ARN = /^arn:aws[a-z-]*:mq:([a-z0-9-]+):(\d{12}):broker:([^:]+):([^:]+)$/;

export function parseBrokerArn(arn: string): BrokerArn | undefined {
  const m = BROKER_ARN.exec(arn);
  return m ? { arn, region: m[1]!, accountId: m[2]!, name: m[3]!, brokerId: m[4]! } : undefined;
}

export function isBrokerArn(arn: string | undefined): boolean {
  return arn !== undefined && /^arn:aws[a-z-]*:mq:/.test(arn);
}

/** The node's --mq-broker / LAMBKIN_MQ_BROKERS map: broker ARN → AMQP URL. */
export type ConfiguredBrokers = Readonly<Record<string, string>>;

export async function brokerUrl(broker: BrokerArn, configured: ConfiguredBrokers, signal: AbortSignal): Promise<URL> {
  const setting = configured[broker.arn];
  if (setting !== undefined) return new URL(setting);
  return describedUrl(broker, signal);
}

async function describedUrl(broker: BrokerArn, signal: AbortSignal): Promise<URL> {
  const hint = `or map it to an AMQP URL with --mq-broker ${broker.arn}=amqp://HOST:PORT`;
  // Without either the SDK would only find that out after probing for instance credentials.
  if (endpointOverride('mq') === undefined && !hasCredentialSource()) {
    throw new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `cannot call DescribeBroker for ${broker.arn}: ${credentialsAdvice('mq')}, ${hint}`);
  }
  const client = new MqClient({ region: broker.region, ...outboundClientOptions('mq'), maxAttempts: 2 });
  try {
    const answer = await client.send(new DescribeBrokerCommand({ BrokerId: broker.brokerId }), { abortSignal: signal });
    if (answer.EngineType !== undefined && answer.EngineType.toUpperCase() !== 'RABBITMQ') {
      throw new SourceProblem('ESM_CONFIG_NOT_VALID', `broker ${broker.arn} runs ${answer.EngineType}; Lambkin reads RabbitMQ brokers only`);
    }
    const endpoint = (answer.BrokerInstances ?? []).flatMap((i) => i.Endpoints ?? []).find((e) => /^amqps?:\/\//.test(e));
    if (endpoint === undefined) {
      throw new SourceProblem('ESM_CONFIG_NOT_VALID', `DescribeBroker names no AMQP endpoint for broker ${broker.arn}; ${hint}`);
    }
    return new URL(endpoint);
  } catch (err) {
    if (err instanceof SourceProblem || signal.aborted) throw err;
    if (isMissingCredentials(err)) {
      throw new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `cannot call DescribeBroker for ${broker.arn}: ${credentialsAdvice('mq')}, ${hint}`);
    }
    const name = (err as Error).name;
    if (name === 'NotFoundException') {
      throw new SourceProblem('ESM_CONFIG_NOT_VALID', `broker ${broker.arn} does not exist (DescribeBroker: ${(err as Error).message}); ${hint}`);
    }
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const code = status === 401 || status === 403 ? 'EVENT_SOURCE_AUTHZ_ERROR' : undefined;
    throw new SourceProblem(code, `DescribeBroker for ${broker.arn} failed: ${name}: ${(err as Error).message}; ${hint}`);
  } finally {
    client.destroy();
  }
}
