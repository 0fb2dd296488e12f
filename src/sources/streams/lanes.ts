/**
 * ParallelizationFactor: the records of one read of a shard spread over up to ten concurrent lanes by
 * their ordering key (a Kinesis partition key, a DynamoDB item's keys), so records with one key stay in
 * order, each lane taking its records batch by batch.
 */
function hash(text: string): number {
  // FNV-1a: cheap and spreads short keys well enough for ten lanes.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The records split into lanes (only lanes that got any), each in the order the records came. */
export function splitIntoLanes<T>(records: readonly T[], lanes: number, key: (record: T) => string): T[][] {
  if (lanes <= 1) return records.length > 0 ? [[...records]] : [];
  const byLane = new Map<number, T[]>();
  for (const record of records) {
    const lane = hash(key(record)) % lanes;
    const list = byLane.get(lane);
    if (list) list.push(record);
    else byLane.set(lane, [record]);
  }
  return [...byLane.values()];
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
