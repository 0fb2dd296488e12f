/** GetAccountSettings: AWS's default limits and the account's real usage. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import { FUNCTION_KIND, VERSION_KIND, type FunctionDoc, type VersionDoc } from '../../control/functions/records.js';
import { unreservedConcurrency } from '../../control/concurrency/pool.js';
import { ACCOUNT_CONCURRENCY_LIMIT } from '../../quotas.js';

export const ACCOUNT_LIMITS = {
  TotalCodeSize: 80_530_636_800,
  CodeSizeUnzipped: 262_144_000,
  CodeSizeZipped: 52_428_800,
  ConcurrentExecutions: ACCOUNT_CONCURRENCY_LIMIT,
  UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY_LIMIT,
};

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async GetAccountSettings(ctx) {
    const functions = await deps.store.list<FunctionDoc>(FUNCTION_KIND, ctx.scope);
    const versions = await deps.store.list<VersionDoc>(VERSION_KIND, ctx.scope);
    const totalCodeSize = [...functions.map((f) => f.doc.latest), ...versions.map((v) => v.doc)]
      .reduce((sum, v) => sum + (v.config.CodeSize ?? 0), 0);
    return {
      AccountLimit: { ...ACCOUNT_LIMITS, UnreservedConcurrentExecutions: await unreservedConcurrency(deps, ctx.scope) },
      AccountUsage: { TotalCodeSize: totalCodeSize, FunctionCount: functions.length },
    };
  },
});

export const accountFamily: ResourceFamily<Deps> = { handlers };
