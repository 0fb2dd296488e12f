/**
 * Message-group order for FIFO queues, on top of SQS's own: SQS hides a group while any of its messages
 * is in flight, but hands it out again once a visibility timeout runs out under a long invocation, and
 * not every SQS-compatible endpoint is as strict. The gate keeps a group to one batch at a time, and a
 * group whose batch failed closed until its failed messages can be visible again, so that none of its
 * later messages runs before them.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { messageGroup } from './event.js';

export class FifoGate {
  private readonly inFlight = new Set<string>();
  /** Group → when (ms) its failed messages become visible again. */
  private readonly closedUntil = new Map<string, number>();

  /**
   * Splits received messages into those a batch may run and those it must leave to SQS. A batch keeps
   * the groups it admitted (in `batchGroups`) until it is released; later messages of those groups join it.
   */
  admit(messages: readonly Message[], batchGroups: Set<string>, now = Date.now()): { admitted: Message[]; held: Message[] } {
    const admitted: Message[] = [];
    const held: Message[] = [];
    for (const message of messages) {
      const group = messageGroup(message);
      if (group === undefined || batchGroups.has(group)) {
        admitted.push(message);
        continue;
      }
      const until = this.closedUntil.get(group);
      if (until !== undefined && until <= now) this.closedUntil.delete(group);
      if (this.inFlight.has(group) || (until !== undefined && until > now)) {
        held.push(message);
        continue;
      }
      this.inFlight.add(group);
      batchGroups.add(group);
      admitted.push(message);
    }
    return { admitted, held };
  }

  /**
   * The batch is over. `failedGroups` stay closed until `visibleAt`, the earliest time SQS may show their
   * failed messages again (their receive time plus the queue's visibility timeout).
   */
  release(batchGroups: ReadonlySet<string>, failedGroups: ReadonlySet<string>, visibleAt: number): void {
    for (const group of batchGroups) {
      this.inFlight.delete(group);
      if (failedGroups.has(group)) this.closedUntil.set(group, Math.max(visibleAt, this.closedUntil.get(group) ?? 0));
    }
  }
}
