/**
 * What Lambkin's own calls to AWS services (S3 code sources, destinations, dead-letter queues, pollers)
 * sign with. Credentials in the server's environment are the AWS SDK's business, as for any AWS tool.
 * Without any, a service whose endpoint is overridden (AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL,
 * whatever host: emulators also run as `localstack:4566`) is an emulator, signed with the dummy
 * credentials emulators accept; any other call would fail, and says which settings fix it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type OutboundService = 's3' | 'sqs' | 'sns' | 'eventbridge' | 'lambda' | 'kinesis' | 'dynamodbstreams' | 'secretsmanager' | 'mq';

/** The service-specific endpoint variable the AWS SDKs read, ahead of AWS_ENDPOINT_URL. */
export const ENDPOINT_VARIABLES: Record<OutboundService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  sns: 'AWS_ENDPOINT_URL_SNS',
  eventbridge: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  lambda: 'AWS_ENDPOINT_URL_LAMBDA',
  kinesis: 'AWS_ENDPOINT_URL_KINESIS',
  dynamodbstreams: 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  mq: 'AWS_ENDPOINT_URL_MQ',
};

/** What LocalStack, moto and MinIO's defaults accept. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export interface OutboundClientOptions {
  /** Set only for an emulator reached without credentials; otherwise the SDK's own chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** S3 only: custom endpoints (emulators, MinIO) serve buckets by path, not as subdomains. */
  forcePathStyle?: boolean;
}

export function endpointOverride(service: OutboundService, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENDPOINT_VARIABLES[service]] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Whether the environment names a credentials source the SDK would use: keys, a profile, a shared
 * credentials file, web identity or container credentials. (A config file alone usually holds only a
 * region; an EC2 instance role cannot be seen without asking the network, and still works.)
 */
export function hasCredentialSource(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  const home = env.HOME || homedir();
  return existsSync(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'));
}

/** Options every outbound SDK client of `service` is built with. */
export function outboundClientOptions(service: OutboundService, env: NodeJS.ProcessEnv = process.env): OutboundClientOptions {
  const endpoint = endpointOverride(service, env);
  return {
    ...(service === 's3' ? { forcePathStyle: endpoint !== undefined } : {}),
    ...(endpoint !== undefined && !hasCredentialSource(env) ? { credentials: { ...EMULATOR_CREDENTIALS } } : {}),
  };
}

/** The SDK found no credentials anywhere (its CredentialsProviderError). */
export function isMissingCredentials(err: unknown): boolean {
  return err instanceof Error && err.name === 'CredentialsProviderError';
}

/** What to set so that calls to `service` can be signed. */
export function credentialsAdvice(service: OutboundService): string {
  return `set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in Lambkin's environment, ` +
    `or ${ENDPOINT_VARIABLES[service]} (or AWS_ENDPOINT_URL) to use an emulator with dummy credentials`;
}

/** One start-up line when some outbound service has neither credentials nor an emulator; undefined otherwise. */
export function startupCredentialsWarning(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (hasCredentialSource(env)) return undefined;
  const services: OutboundService[] = ['s3', 'sqs', 'sns', 'eventbridge'];
  const unreachable = services.filter((s) => endpointOverride(s, env) === undefined);
  if (unreachable.length === 0) return undefined;
  return `lambkin: WARNING: no AWS credentials in the environment, so calls to ${unreachable.join(', ')} (S3 code ` +
    'sources, async destinations, dead-letter queues) will fail: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
    `(or AWS_PROFILE), or AWS_ENDPOINT_URL (or ${unreachable.map((s) => ENDPOINT_VARIABLES[s]).join(', ')}) ` +
    'to use an emulator with dummy credentials.';
}
