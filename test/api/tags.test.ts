import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetFunctionCommand, ListTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { arnOf, createEcho, invalidParameter, notFound, rejectsWith, validation } from './functions/fixtures.js';

const server = await startLambkin();
const client = server.client();
const arn = arnOf('tagged');
const tags = async () => (await client.send(new ListTagsCommand({ Resource: arn }))).Tags;

describe('tags', () => {
  it('tags, overwrites, untags and shows tags in GetFunction, each change a new RevisionId', async () => {
    await createEcho(client, 'tagged', { Tags: { key_a: 'value_a' } });
    assert.deepEqual(await tags(), { key_a: 'value_a' });
    const revisions = new Set([(await client.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Configuration!.RevisionId]);
    const tagged = await client.send(new TagResourceCommand({ Resource: arn, Tags: { key_b: 'value_b', key_c: 'value_c' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    await client.send(new TagResourceCommand({ Resource: arn, Tags: { key_c: 'value_x' } }));
    assert.deepEqual(await tags(), { key_a: 'value_a', key_b: 'value_b', key_c: 'value_x' });
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'tagged' }));
    assert.deepEqual(got.Tags, { key_a: 'value_a', key_b: 'value_b', key_c: 'value_x' });
    revisions.add(got.Configuration!.RevisionId);
    const untagged = await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['key_b', 'key_c', 'nomatch'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['key_a'] }));
    assert.deepEqual(await tags(), {});
    const bare = await client.send(new GetFunctionCommand({ FunctionName: 'tagged' }));
    assert.equal(bare.Tags, undefined);
    revisions.add(bare.Configuration!.RevisionId);
    assert.equal(revisions.size, 3);
  });

  it('answers the recorded tag exceptions', async () => {
    await rejectsWith(client.send(new TagResourceCommand({ Resource: 'arn:aws:something', Tags: { a: 'b' } })), validation(
      "Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)"));
    await rejectsWith(client.send(new TagResourceCommand({ Resource: arnOf('doesnotexist'), Tags: { a: 'b' } })), notFound('doesnotexist'));
    for (const qualifier of ['1', '$LATEST']) {
      await rejectsWith(client.send(new TagResourceCommand({ Resource: arnOf('tagged', undefined, qualifier), Tags: { a: 'b' } })),
        invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.'));
    }
    await rejectsWith(client.send(new TagResourceCommand({ Resource: arn, Tags: {} })), invalidParameter('An error occurred and the request cannot be processed.'));
    await rejectsWith(client.send(new UntagResourceCommand({ Resource: arn, TagKeys: undefined as unknown as string[] })), validation(
      "Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"));
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejectsWith(client.send(new TagResourceCommand({ Resource: arn, Tags: many })), invalidParameter('Number of tags exceeds resource tag limit.'));
    assert.deepEqual(await tags(), {});
  });

  it('under contention each tag change lands or gets AWS\'s in-progress conflict, never a hang or a lost tag', async () => {
    await createEcho(client, 'contended');
    const target = arnOf('contended');
    const keys = Array.from({ length: 24 }, (_, i) => `key_${i}`);
    const outcomes = await Promise.allSettled(keys.map((key) => client.send(new TagResourceCommand({ Resource: target, Tags: { [key]: 'v' } }))));
    const landed = keys.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      const err = outcome.reason as { name: string; message: string; $metadata: { httpStatusCode: number } };
      assert.equal(err.name, 'ResourceConflictException');
      assert.equal(err.$metadata.httpStatusCode, 409);
      assert.equal(err.message, `The operation cannot be performed at this time. An update is in progress for resource: ${target}`);
    }
    assert.ok(landed.length > 0);
    const stored = (await client.send(new ListTagsCommand({ Resource: target }))).Tags;
    assert.deepEqual(Object.keys(stored ?? {}).sort(), [...landed].sort());
  });
});
