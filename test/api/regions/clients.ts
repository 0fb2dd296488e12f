/** JS SDK clients of one Lambkin in several regions, and functions whose answers say where they ran. */
import { after } from 'node:test';
import { CreateFunctionCommand, LambdaClient, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { makeZip } from '../../support/zip.js';
import { settled } from '../versions/helpers.js';

export const ACCOUNT = '000000000000';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;

const made: LambdaClient[] = [];
after(() => { for (const c of made) c.destroy(); });

/** A client signing for `region` against `endpoint`; nothing else differs between them. */
export function regionClient(endpoint: string, region: string, accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret'): LambdaClient {
  const client = new LambdaClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  made.push(client);
  return client;
}

export const functionArnIn = (region: string, name: string, qualifier?: string, account = ACCOUNT): string =>
  `arn:aws:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

/** A handler that reports its own label (which code runs) and what its environment and context say. */
export function reporterZip(label: string): Promise<Buffer> {
  return makeZip({
    'index.js': `exports.handler = async (event, context) => ({
  label: ${JSON.stringify(label)},
  region: process.env.AWS_REGION,
  defaultRegion: process.env.AWS_DEFAULT_REGION,
  invokedArn: context.invokedFunctionArn,
  logGroup: context.logGroupName,
  event,
});
`,
  });
}

export async function createReporter(
  client: LambdaClient, name: string, label: string, extra: Partial<CreateFunctionCommandInput> = {},
) {
  const out = await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await reporterZip(label) },
    ...extra,
  }));
  await settled(client, name);
  return out;
}

export const decodePayload = (payload: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(payload ?? []).toString());
