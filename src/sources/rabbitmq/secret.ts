/** The broker user of a mapping: its BASIC_AUTH secret, read through the Secrets Manager endpoint. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  credentialsAdvice, endpointOverride, hasCredentialSource, isMissingCredentials, outboundClientOptions,
} from '../../outbound/credentials.js';
import { SourceProblem } from './problem.js';

export interface BrokerUser {
  username: string;
  password: string;
}

/** `arn:aws:secretsmanager:REGION:…`: the secret is read in its own region (the mapping's when it names none). */
function secretRegion(secretArn: string, fallback: string): string {
  const m = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretArn);
  return m ? m[1]! : fallback;
}

export async function readBrokerUser(secretArn: string, fallbackRegion: string, signal: AbortSignal): Promise<BrokerUser> {
  // Without either the SDK would only find that out after probing for instance credentials.
  if (endpointOverride('secretsmanager') === undefined && !hasCredentialSource()) {
    throw new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `cannot read secret ${secretArn}: ${credentialsAdvice('secretsmanager')}`);
  }
  const client = new SecretsManagerClient({ region: secretRegion(secretArn, fallbackRegion), ...outboundClientOptions('secretsmanager'), maxAttempts: 2 });
  let text: string | undefined;
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }), { abortSignal: signal });
    text = answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : undefined);
  } catch (err) {
    if (signal.aborted) throw err;
    if (isMissingCredentials(err)) {
      throw new SourceProblem('EVENT_SOURCE_AUTHZ_ERROR', `cannot read secret ${secretArn}: ${credentialsAdvice('secretsmanager')}`);
    }
    const e = err as Error;
    const code = e.name === 'ResourceNotFoundException' ? 'ESM_CONFIG_NOT_VALID' : 'EVENT_SOURCE_AUTHZ_ERROR';
    throw new SourceProblem(code, `cannot read secret ${secretArn}: ${e.name}: ${e.message}`);
  } finally {
    client.destroy();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    parsed = undefined;
  }
  const user = parsed as Partial<BrokerUser> | undefined;
  if (typeof user?.username !== 'string' || typeof user.password !== 'string') {
    throw new SourceProblem('ESM_CONFIG_NOT_VALID', `secret ${secretArn} must be JSON with string "username" and "password"`);
  }
  return { username: user.username, password: user.password };
}
