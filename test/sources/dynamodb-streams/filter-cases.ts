/**
 * test_dynamodb_event_filter[...] as recorded against AWS: two items put in turn into a table streaming
 * NEW_AND_OLD_IMAGES, the pattern of the mapping, and (in the recording) the events the function got.
 * The first item always passes; the second passes where the recording shows two invocations. A third,
 * `sentinel`, always passes: once it arrived, the second was read (a shard is read in order) and left out
 * or not.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export interface FilterCase {
  id: string;
  items: [Record<string, AttributeValue>, Record<string, AttributeValue>];
  pattern: unknown;
  sentinel: Record<string, AttributeValue>;
}

const SENTINEL = { id: { S: 'sentinel' } };

export const FILTER_CASES: FilterCase[] = [
  { id: 'insert_same_entry_twice', items: [{ id: { S: 'id_value' }, id2: { S: 'id2_value' } }, { id: { S: 'id_value' }, id2: { S: 'id2_value' } }], pattern: { eventName: ['INSERT'] }, sentinel: SENTINEL },
  { id: 'content_or_filter', items: [{ id: { S: 'id_value' } }, { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } }], pattern: { eventName: ['INSERT', 'MODIFY'] }, sentinel: SENTINEL },
  { id: 'content_multiple_filters', items: [{ id: { S: 'id_value' } }, { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } }], pattern: { eventName: ['INSERT'], eventSource: ['aws:dynamodb'] }, sentinel: SENTINEL },
  { id: 'content_filter_type', items: [{ id: { S: 'id_value_1' }, presentKey: { S: 'presentValue' } }, { id: { S: 'id_value_2' } }], pattern: { dynamodb: { NewImage: { presentKey: { S: ['presentValue'] } } } }, sentinel: { ...SENTINEL, presentKey: { S: 'presentValue' } } },
  { id: 'exists_filter_type', items: [{ id: { S: 'id_value_1' }, presentKey: { S: 'presentValue' } }, { id: { S: 'id_value_2' } }], pattern: { dynamodb: { NewImage: { presentKey: { S: [{ exists: true }] } } } }, sentinel: { ...SENTINEL, presentKey: { S: 'presentValue' } } },
  { id: 'exists_false_filter', items: [{ id: { S: 'id_value_1' } }, { id: { S: 'id_value_2' }, presentKey: { S: 'presentValue' } }], pattern: { dynamodb: { NewImage: { presentKey: [{ exists: false }] } } }, sentinel: SENTINEL },
  {
    id: 'numeric_filter',
    items: [{ id: { S: 'id_value_1' }, numericFilter: { N: '42' } }, { id: { S: 'id_value_2' }, numericFilter: { N: '101' } }],
    pattern: { dynamodb: { NewImage: { numericFilter: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } } } },
    sentinel: { ...SENTINEL, numericFilter: { N: '42' } },
  },
  { id: 'prefix_filter', items: [{ id: { S: 'id_value_1' }, prefix: { S: 'us-1-other-suffix' } }, { id: { S: 'id_value_1' }, prefix: { S: 'other-suffix' } }], pattern: { dynamodb: { NewImage: { prefix: { S: [{ prefix: 'us-1' }] } } } }, sentinel: { ...SENTINEL, prefix: { S: 'us-1-sentinel' } } },
  { id: 'date_time_conversion', items: [{ id: { S: 'id_value_1' } }, { id: { S: 'id_value_2' } }], pattern: { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>', 0] }] } }, sentinel: SENTINEL },
];
