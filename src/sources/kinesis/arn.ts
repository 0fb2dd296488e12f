/**
 * Kinesis stream ARNs: `arn:<partition>:kinesis:<region>:<account>:stream/<name>`, or a stream
 * consumer's (`stream/<name>/consumer/<consumer>:<creation>`), whose records are the stream's.
 */
const STREAM_ARN = /^arn:(?<partition>aws[a-zA-Z-]*):kinesis:(?<region>[a-z0-9-]+):(?<account>\d{12}):stream\/(?<name>[^/]+)(?<consumer>\/consumer\/.+)?$/;

export interface KinesisStreamArn {
  partition: string;
  region: string;
  account: string;
  name: string;
  /** The stream's own ARN, without a consumer. */
  streamArn: string;
}

export function parseKinesisArn(arn: string): KinesisStreamArn | undefined {
  const groups = STREAM_ARN.exec(arn)?.groups;
  if (!groups) return undefined;
  const { partition, region, account, name } = groups as Record<'partition' | 'region' | 'account' | 'name', string>;
  return { partition, region, account, name, streamArn: `arn:${partition}:kinesis:${region}:${account}:stream/${name}` };
}
