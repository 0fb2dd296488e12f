/** Kinesis Data Streams as an event source: the shared shard poller over the Kinesis adapter. */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import { endpointOverride } from '../../outbound/credentials.js';
import { streamSource } from '../streams/source.js';
import type { MappingView } from '../types.js';
import { KinesisAdapter } from './adapter.js';
import { parseKinesisArn } from './arn.js';

/** AWS allows 5 reads a second per shard, shared by every reader of the stream; an emulator has no such limit. */
const AWS_IDLE_POLL_MS = 250;
const EMULATOR_IDLE_POLL_MS = 20;

function adapterFor(mapping: MappingView): KinesisAdapter {
  const arn = mapping.config.EventSourceArn ?? '';
  const stream = parseKinesisArn(arn);
  if (!stream) throw new Error(`not a Kinesis stream ARN: ${arn}`);
  return new KinesisAdapter(stream, {
    eventSourceArn: arn,
    region: stream.region,
    invokeIdentityArn: mapping.functionRole ?? `arn:${stream.partition}:iam::${mapping.scope.accountId}:role/lambda-role`,
  });
}

export const kinesisSource = streamSource({
  name: 'kinesis',
  handles: (config: EventSourceMappingConfiguration) => parseKinesisArn(config.EventSourceArn ?? '') !== undefined,
  makeAdapter: adapterFor,
  idlePollMs: () => (endpointOverride('kinesis') !== undefined ? EMULATOR_IDLE_POLL_MS : AWS_IDLE_POLL_MS),
});
