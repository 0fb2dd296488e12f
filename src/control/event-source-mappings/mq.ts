/**
 * An Amazon MQ mapping reads one queue of one broker, signing in with the user and password of a
 * Secrets Manager secret (BASIC_AUTH), on the broker's default virtual host unless VIRTUAL_HOST names
 * another (RabbitMQ). The broker itself is resolved by the RabbitMQ poller, not checked on Create.
 */
import type { EventSourceMappingConfiguration, SourceAccessConfiguration } from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';

const invalid = (message: string) => new InvalidParameterValueException(message);

/** What an MQ mapping's SourceAccessConfigurations may hold, each at most once. */
const MQ_ACCESS_TYPES: ReadonlySet<string> = new Set(['BASIC_AUTH', 'VIRTUAL_HOST']);

const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+$/;

export function checkMqSettings(config: EventSourceMappingConfiguration): void {
  if (config.Queues === undefined || config.Queues.length === 0) throw invalid("Required 'queues' parameter is missing.");
  const access: SourceAccessConfiguration[] = config.SourceAccessConfigurations ?? [];
  if (access.length === 0) throw invalid("Required 'sourceAccessConfigurations' parameter is missing.");
  const seen = new Set<string>();
  for (const entry of access) {
    const type = entry.Type ?? '';
    if (!MQ_ACCESS_TYPES.has(type)) {
      throw invalid(`Unsupported source access configuration type ${type} for an Amazon MQ event source: use BASIC_AUTH and, optionally, VIRTUAL_HOST.`);
    }
    if (seen.has(type)) throw invalid(`Only one source access configuration of type ${type} is allowed.`);
    seen.add(type);
    if (entry.URI === undefined || entry.URI === '') throw invalid(`The source access configuration of type ${type} has no URI.`);
    if (type === 'BASIC_AUTH' && !SECRET_ARN.test(entry.URI)) {
      throw invalid(`The BASIC_AUTH source access configuration must name a Secrets Manager secret ARN: ${entry.URI}`);
    }
  }
  if (!seen.has('BASIC_AUTH')) throw invalid('An Amazon MQ event source needs a BASIC_AUTH source access configuration (a Secrets Manager secret with the broker user and password).');
}
