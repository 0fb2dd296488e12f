import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  CreateLogGroupCommand, DeleteLogGroupCommand, DeleteRetentionPolicyCommand, DescribeLogGroupsCommand, FilterLogEventsCommand, PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { ROLE } from '../api/invoke/helpers.js';
import { rawRequest } from '../support/raw-request.js';
import { makeZip } from '../support/zip.js';
import { startLambkin } from '../support/server.js';
import { ACCOUNT, deployWriter, logsClient, refused, WRITER, writeLines } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();
const logs = logsClient(server);
after(() => logs.destroy());

const groupNames = async (prefix?: string) =>
  ((await logs.send(new DescribeLogGroupsCommand(prefix ? { logGroupNamePrefix: prefix } : {}))).logGroups ?? []).map((g) => g.logGroupName);

describe('log groups', () => {
  test('a function that logged has its group, described as CloudWatch describes it', async () => {
    await deployWriter(lambda, 'grouped');
    await writeLines(lambda, 'grouped', ['hello']);
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/grouped' }));
    assert.equal(out.logGroups?.length, 1);
    const group = out.logGroups![0]!;
    assert.equal(group.logGroupName, '/aws/lambda/grouped');
    assert.equal(group.arn, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/grouped:*`);
    assert.equal(group.logGroupArn, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/grouped`);
    assert.equal(group.metricFilterCount, 0);
    assert.equal(group.logGroupClass, 'STANDARD');
    assert.equal(group.retentionInDays, undefined);
    assert.equal(typeof group.creationTime, 'number');
    assert.ok(group.storedBytes! > 0);
    assert.equal(out.nextToken, undefined);
  });

  test('a function with its own LoggingConfig.LogGroup logs there', async () => {
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'custom-group-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { ZipFile: await makeZip(WRITER) }, LoggingConfig: { LogGroup: '/custom/group' },
    }));
    await writeLines(lambda, 'custom-group-fn', ['in the custom group']);
    assert.deepEqual(await groupNames('/custom/'), ['/custom/group']);
    assert.deepEqual(await groupNames('/aws/lambda/custom-group-fn'), []);
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/custom/group', filterPattern: '"custom group"' }));
    assert.deepEqual(out.events!.map((e) => e.message), ['in the custom group\n']);
  });

  test('CreateLogGroup, a second create of the same name, DeleteLogGroup and a second delete', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/created' }));
    assert.deepEqual(await groupNames('/app/created'), ['/app/created']);
    await refused(logs.send(new CreateLogGroupCommand({ logGroupName: '/app/created' })), 'ResourceAlreadyExistsException', 'The specified log group already exists');
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/app/created' }));
    assert.deepEqual(await groupNames('/app/created'), []);
    await refused(logs.send(new DeleteLogGroupCommand({ logGroupName: '/app/created' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
  });

  test('deleting a function\'s group removes its events', async () => {
    await deployWriter(lambda, 'deleted-logs');
    await writeLines(lambda, 'deleted-logs', ['soon gone']);
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/deleted-logs' }));
    assert.deepEqual(await groupNames('/aws/lambda/deleted-logs'), []);
  });

  test('names are checked against the model', async () => {
    await refused(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })), 'InvalidParameterException',
      "1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    await refused(logs.send(new CreateLogGroupCommand({ logGroupName: 'x'.repeat(513) })), 'InvalidParameterException',
      `1 validation error detected: Value '${'x'.repeat(513)}' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512`);
  });

  test('names made of dots and slashes stay names: nothing outside the group is touched', async () => {
    for (const name of ['..', '../..', '/../../x']) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
      assert.deepEqual((await logs.send(new FilterLogEventsCommand({ logGroupName: name, logStreamNames: ['..'] }))).events, []);
      await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
    }
    assert.deepEqual(await groupNames('/aws/lambda/grouped'), ['/aws/lambda/grouped']);
  });

  test('pages of groups in name order, with limit and nextToken', async () => {
    for (const n of ['c', 'a', 'e', 'b', 'd']) await logs.send(new CreateLogGroupCommand({ logGroupName: `/paged/${n}` }));
    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2 }));
    assert.deepEqual(first.logGroups?.map((g) => g.logGroupName), ['/paged/a', '/paged/b']);
    assert.ok(first.nextToken);
    const second = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2, nextToken: first.nextToken }));
    assert.deepEqual(second.logGroups?.map((g) => g.logGroupName), ['/paged/c', '/paged/d']);
    const third = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2, nextToken: second.nextToken }));
    assert.deepEqual(third.logGroups?.map((g) => g.logGroupName), ['/paged/e']);
    assert.equal(third.nextToken, undefined);
    const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ED/' }));
    assert.deepEqual(byPattern.logGroups?.map((g) => g.logGroupName), ['/paged/a', '/paged/b', '/paged/c', '/paged/d', '/paged/e']);
  });

  test('limits and tokens have AWS\'s errors', async () => {
    await refused(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), 'InvalidParameterException',
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    await refused(logs.send(new DescribeLogGroupsCommand({ limit: 0 })), 'InvalidParameterException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await refused(logs.send(new DescribeLogGroupsCommand({ nextToken: 'not-a-token' })), 'InvalidParameterException', 'The specified nextToken is invalid.');
  });
});

describe('retention policies', () => {
  test('PutRetentionPolicy sets retentionInDays, DeleteRetentionPolicy removes it', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/retained' }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retained', retentionInDays: 14 }));
    let [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/retained' }))).logGroups!;
    assert.equal(group!.retentionInDays, 14);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/retained' }));
    [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/retained' }))).logGroups!;
    assert.equal(group!.retentionInDays, undefined);
  });

  test('a function\'s own group takes a policy too', async () => {
    await deployWriter(lambda, 'retained-fn');
    await writeLines(lambda, 'retained-fn', ['kept']);
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/retained-fn', retentionInDays: 3653 }));
    const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/retained-fn' }))).logGroups!;
    assert.equal(group!.retentionInDays, 3653);
    assert.ok(group!.storedBytes! > 0);
  });

  test('only CloudWatch\'s periods are accepted', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/retained-bad' }));
    await refused(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retained-bad', retentionInDays: 2 })), 'InvalidParameterException',
      "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: " +
        '[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]');
  });

  test('a group that does not exist', async () => {
    await refused(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/nowhere', retentionInDays: 1 })), 'ResourceNotFoundException', 'The specified log group does not exist.');
    await refused(logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/nowhere' })), 'ResourceNotFoundException', 'The specified log group does not exist.');
  });
});

describe('POST /_lambkin/reset', () => {
  test('empties created log groups and written ones', async () => {
    const other = await startLambkin();
    const client = logsClient(other);
    after(() => client.destroy());
    await client.send(new CreateLogGroupCommand({ logGroupName: '/to/reset' }));
    await deployWriter(other.client(), 'reset-fn');
    await writeLines(other.client(), 'reset-fn', ['gone after reset']);
    assert.equal((await client.send(new DescribeLogGroupsCommand({}))).logGroups!.length, 2);
    const res = await rawRequest(other.url, { method: 'POST', path: '/_lambkin/reset', unsigned: true });
    assert.equal(res.status, 200);
    assert.deepEqual((await client.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });
});
