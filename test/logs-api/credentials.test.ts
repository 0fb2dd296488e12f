// With --credentials, the Logs API verifies each signature for `logs` and shows each caller only its own account.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateLogGroupCommand, DescribeLogGroupsCommand, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { rawRequest } from '../support/raw-request.js';
import { startLambkin } from '../support/server.js';
import { deployWriter, logsClient, refused, writeLines } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-logs-creds-'));
const credentials = join(dir, 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIDALICE: { secretAccessKey: 'alice-secret', accountId: '111111111111' },
  AKIDBOB: { secretAccessKey: 'bob-secret', accountId: '222222222222' },
}));

describe('with --credentials', async () => {
  const server = await startLambkin({ args: ['--credentials', credentials] });
  const alice = logsClient(server, 'AKIDALICE', 'alice-secret');
  const bob = logsClient(server, 'AKIDBOB', 'bob-secret');
  after(() => { alice.destroy(); bob.destroy(); });
  await deployWriter(server.client('AKIDALICE', 'alice-secret'), 'alice-fn');
  await writeLines(server.client('AKIDALICE', 'alice-secret'), 'alice-fn', ['alice only']);
  await alice.send(new CreateLogGroupCommand({ logGroupName: '/alice/app' }));

  test('each caller sees only its own account\'s groups', async () => {
    const aliceGroups = (await alice.send(new DescribeLogGroupsCommand({}))).logGroups!.map((g) => g.logGroupName);
    assert.deepEqual(aliceGroups, ['/alice/app', '/aws/lambda/alice-fn']);
    assert.deepEqual((await bob.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });

  test('another account\'s group is not found, by name or by ARN', async () => {
    await refused(bob.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/alice-fn' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
    await refused(bob.send(new GetLogEventsCommand({ logGroupIdentifier: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/alice-fn', logStreamName: 'x' })),
      'ResourceNotFoundException', 'The specified log group does not exist.');
    await bob.send(new CreateLogGroupCommand({ logGroupName: '/alice/app' }));
    assert.deepEqual((await bob.send(new DescribeLogGroupsCommand({}))).logGroups!.map((g) => g.logGroupName), ['/alice/app']);
    const events = await alice.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/alice-fn', filterPattern: 'alice' }));
    assert.deepEqual(events.events!.map((e) => e.message), ['alice only\n']);
  });

  test('a wrong secret is refused with AWS\'s InvalidSignatureException', async () => {
    const wrong = logsClient(server, 'AKIDALICE', 'not-the-secret');
    after(() => wrong.destroy());
    await refused(wrong.send(new DescribeLogGroupsCommand({})), 'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n/);
  });

  test('an unknown key is refused with UnrecognizedClientException', async () => {
    const stranger = logsClient(server, 'AKIDNOBODY', 'whatever');
    after(() => stranger.destroy());
    await refused(stranger.send(new DescribeLogGroupsCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  test('the wire: __type and message, and an unsigned request does not pass', async () => {
    const body = JSON.stringify({ logGroupName: '/nope', logStreamName: 's' });
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.GetLogEvents' };
    const signed = await rawRequest(server.url, { method: 'POST', path: '/', body, headers, service: 'logs', accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret' });
    assert.equal(signed.status, 400);
    assert.equal(signed.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(signed.json(), { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    const unknown = await rawRequest(server.url, {
      method: 'POST', path: '/', body: '{}', headers: { ...headers, 'x-amz-target': 'Logs_20140328.NoSuchThing' }, service: 'logs', accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret',
    });
    assert.equal(unknown.status, 400);
    assert.equal((unknown.json() as { __type: string }).__type, 'UnknownOperationException');
    const unsigned = await rawRequest(server.url, { method: 'POST', path: '/', body, headers, unsigned: true });
    assert.equal(unsigned.status, 400);
    assert.deepEqual(unsigned.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });
});

describe('without --credentials', async () => {
  const server = await startLambkin();
  test('a 12-digit access key id selects the account, as in the Lambda API', async () => {
    const a = logsClient(server, '333333333333');
    const b = logsClient(server, '444444444444');
    after(() => { a.destroy(); b.destroy(); });
    await a.send(new CreateLogGroupCommand({ logGroupName: '/in/333' }));
    const [group] = (await a.send(new DescribeLogGroupsCommand({}))).logGroups!;
    assert.equal(group!.arn, 'arn:aws:logs:us-east-1:333333333333:log-group:/in/333:*');
    assert.deepEqual((await b.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });

  test('a region is its own: groups of us-west-2 are not in us-east-1', async () => {
    const west = logsClient(server, '333333333333', 'secret', 'us-west-2');
    after(() => west.destroy());
    await west.send(new CreateLogGroupCommand({ logGroupName: '/in/west' }));
    const [group] = (await west.send(new DescribeLogGroupsCommand({}))).logGroups!;
    assert.equal(group!.logGroupArn, 'arn:aws:logs:us-west-2:333333333333:log-group:/in/west');
    const east = logsClient(server, '333333333333');
    after(() => east.destroy());
    assert.deepEqual((await east.send(new DescribeLogGroupsCommand({}))).logGroups!.map((g) => g.logGroupName), ['/in/333']);
  });
});
