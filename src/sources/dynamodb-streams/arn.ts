/**
 * DynamoDB stream ARNs: `arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>`.
 * The label is the stream's creation time (`2024-01-01T00:00:00.000`), colons and all, so the ARN is
 * read by pattern rather than split on colons.
 */
const STREAM_ARN = /^arn:(?<partition>aws[a-zA-Z-]*):dynamodb:(?<region>[a-z0-9-]+):(?<account>\d{12}):table\/(?<table>[^/]+)\/stream\/(?<label>.+)$/;

export interface StreamArn {
  partition: string;
  region: string;
  account: string;
  table: string;
  label: string;
}

export function parseStreamArn(arn: string): StreamArn | undefined {
  const groups = STREAM_ARN.exec(arn)?.groups;
  if (!groups) return undefined;
  return {
    partition: groups.partition!,
    region: groups.region!,
    account: groups.account!,
    table: groups.table!,
    label: groups.label!,
  };
}

export function isStreamArn(arn: string | undefined): boolean {
  return arn !== undefined && parseStreamArn(arn) !== undefined;
}
