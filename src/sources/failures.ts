/**
 * OnFailure destinations of a mapping: the poller builds AWS's record, this sends it to the SQS queue,
 * SNS topic or S3 bucket the ARN names, through the same outbound settings as async destinations.
 */
import { randomUUID } from 'node:crypto';
import type { ConfigDep } from '../control/deps.js';
import { parseArn } from '../control/event-invoke-configs/destinations.js';
import { publishToSns, putJsonToS3, sendToSqs } from '../async/senders.js';

/** Where AWS files a mapping's failure record in S3 when the poller names no key of its own. */
export function defaultS3FailureKey(uuid: string, now = new Date()): string {
  const iso = now.toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '/');
  return `aws/lambda/${uuid}/${date}/${iso.slice(0, 19).replace(/:/g, '.')}-${randomUUID()}`;
}

export async function sendMappingFailure(
  deps: ConfigDep, uuid: string, sourceRegion: string, destinationArn: string, record: unknown, options: { s3Key?: string } = {},
): Promise<void> {
  const body = JSON.stringify(record);
  switch (parseArn(destinationArn)?.service) {
    case 'sqs': return sendToSqs(deps, destinationArn, body);
    case 'sns': return publishToSns(deps, destinationArn, body);
    case 's3': return putJsonToS3(deps, destinationArn, options.s3Key ?? defaultS3FailureKey(uuid), body, sourceRegion);
    default: throw new Error(`an event source mapping cannot send failures to ${destinationArn}`);
  }
}
