/** Which group a read names: `logGroupName` or `logGroupIdentifier` (a name or ARN), never both. */
import type { Scope } from '../../store/types.js';
import { invalidParameter, resourceNotFound } from '../errors.js';
import { findGroup, groupNameOf, type LogGroupView, type LogsApiDeps } from '../groups.js';
import { LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME, str, type Body } from '../input.js';

export async function targetGroup(deps: LogsApiDeps, scope: Scope, body: Body): Promise<LogGroupView> {
  const name = str(body, 'logGroupName', LOG_GROUP_NAME);
  const identifier = str(body, 'logGroupIdentifier', LOG_GROUP_IDENTIFIER);
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup identifier are mutually exclusive parameters.');
  }
  if (name === undefined && identifier === undefined) throw invalidParameter('Should provide either name or identifier.');
  const groupName = name ?? groupNameOf(scope, identifier!);
  const group = groupName === undefined ? undefined : await findGroup(deps, scope, groupName);
  if (!group) throw resourceNotFound();
  return group;
}
