import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EventSourceMappingDoc } from '../../src/control/event-source-mappings/records.js';
import { settle, settledState, userTransitionReason, wantsPoller } from '../../src/sources/states.js';

const doc = (State: string, extra: Partial<EventSourceMappingDoc['config']> = {}): EventSourceMappingDoc => ({
  uuid: 'u', functionName: 'f', generation: 1,
  config: { UUID: 'u', State, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q', LastModified: 1, ...extra },
});

it('polls in Creating, Enabling, Enabled and Updating only', () => {
  const polling = ['Creating', 'Enabling', 'Enabled', 'Updating', 'Disabling', 'Disabled', 'Deleting'].filter((s) => wantsPoller(doc(s)));
  assert.deepEqual(polling, ['Creating', 'Enabling', 'Enabled', 'Updating']);
});

it('settles each transition as AWS does and leaves the rest alone', () => {
  const settled = Object.fromEntries(['Creating', 'Enabling', 'Updating', 'Disabling', 'Enabled', 'Disabled', 'Deleting'].map((s) => [s, settledState(doc(s))]));
  assert.deepEqual(settled, {
    Creating: 'Enabled', Enabling: 'Enabled', Updating: 'Enabled', Disabling: 'Disabled',
    Enabled: undefined, Disabled: undefined, Deleting: undefined,
  });
});

it('keeps the reason the API wrote and words a missing one per source', () => {
  assert.equal(userTransitionReason(doc('Creating', { StateTransitionReason: 'User action' }).config), 'User action');
  assert.equal(userTransitionReason({ EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' }), 'User action');
  assert.equal(userTransitionReason({ EventSourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x' }), 'User action');
  assert.equal(userTransitionReason({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' }), 'USER_INITIATED');
});

it('moves LastModified to the time of the State change, in epoch seconds', () => {
  const out = settle(doc('Creating', { StateTransitionReason: 'USER_INITIATED', BatchSize: 10 }), 'Enabled', 1_700_000_000_123);
  assert.deepEqual(out.config, {
    UUID: 'u', State: 'Enabled', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q', LastModified: 1_700_000_000.123,
    StateTransitionReason: 'USER_INITIATED', BatchSize: 10,
  });
  assert.equal(out.generation, 1);
});
