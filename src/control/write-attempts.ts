/** How optimistic writers end a race they keep losing. */
import { ResourceConflictException } from '../errors/catalogue.js';

/** How often a writer rereads and tries again after another writer got there first. */
export const WRITE_ATTEMPTS = 5;

/** What AWS answers a write that lost its race with other writes of the same resource. */
export function updateInProgressOn(resourceArn: string): ResourceConflictException {
  return new ResourceConflictException(`The operation cannot be performed at this time. An update is in progress for resource: ${resourceArn}`);
}
