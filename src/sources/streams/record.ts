/** A record as the stream poller carries it: the adapter's record with what the poller reads of it worked out once. */
export interface StreamRecord<R> {
  raw: R;
  sequenceNumber: string;
  /** When it entered the stream, ms since epoch. */
  arrival: number;
  /** As it goes in the function's event `Records`. */
  event: Record<string, unknown>;
  /** Its share of the event's JSON, for the 6 MB payload limit. */
  size: number;
  /** Whether FilterCriteria lets it through. */
  matches: boolean;
}
