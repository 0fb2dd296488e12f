import { throttled } from './errors.js';

/**
 * In-flight invocation counts per account and per function (unqualified ARN), and the limits on them:
 * the account limit, and each function's reserved concurrency, which is carved out of the account's pool.
 * As on AWS, the pool is the account's in one region: reservations in us-west-2 leave us-east-1 alone.
 */
export class ConcurrencyLimiter {
  private readonly perAccount = new Map<string, number>();
  /** Keyed by pool (`region:account`). */
  private readonly unreservedPerPool = new Map<string, number>();
  private readonly perFunction = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  /** Keyed by pool (`region:account`). */
  private readonly reservedTotal = new Map<string, number>();

  constructor(private readonly accountLimit: number) {}

  /** Reserved concurrency of a function (undefined removes it); 0 stops every invocation. */
  setReserved(functionArn: string, limit: number | undefined): void {
    const pool = poolOf(functionArn);
    const before = this.reserved.get(functionArn) ?? 0;
    if (limit === undefined) this.reserved.delete(functionArn);
    else this.reserved.set(functionArn, limit);
    this.reservedTotal.set(pool, (this.reservedTotal.get(pool) ?? 0) - before + (limit ?? 0));
  }

  reservedFor(functionArn: string): number | undefined {
    return this.reserved.get(functionArn);
  }

  /** Counts one invocation in, or throws TooManyRequestsException; returns the matching release. */
  acquire(accountId: string, functionArn: string): () => void {
    const running = this.perFunction.get(functionArn) ?? 0;
    const pool = poolOf(functionArn);
    const reserved = this.reserved.get(functionArn);
    if (reserved !== undefined) {
      if (running >= reserved) throw throttled('ReservedFunctionConcurrentInvocationLimitExceeded');
    } else {
      const unreserved = this.unreservedPerPool.get(pool) ?? 0;
      const available = this.accountLimit - (this.reservedTotal.get(pool) ?? 0);
      if (unreserved >= available) throw throttled('ConcurrentInvocationLimitExceeded');
      this.unreservedPerPool.set(pool, unreserved + 1);
    }
    this.perFunction.set(functionArn, running + 1);
    this.perAccount.set(accountId, (this.perAccount.get(accountId) ?? 0) + 1);
    const fromUnreserved = reserved === undefined;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.perFunction.set(functionArn, (this.perFunction.get(functionArn) ?? 1) - 1);
      this.perAccount.set(accountId, (this.perAccount.get(accountId) ?? 1) - 1);
      if (fromUnreserved) this.unreservedPerPool.set(pool, (this.unreservedPerPool.get(pool) ?? 1) - 1);
    };
  }

  inFlight(accountId: string, functionArn?: string): number {
    if (functionArn !== undefined) return this.perFunction.get(functionArn) ?? 0;
    return this.perAccount.get(accountId) ?? 0;
  }
}

const pools = new Map<string, string>();

/** `region:account` of `arn:aws:lambda:REGION:ACCOUNT:function:NAME`, worked out once per ARN. */
function poolOf(functionArn: string): string {
  let pool = pools.get(functionArn);
  if (pool === undefined) {
    if (pools.size >= 10_000) pools.clear();
    pools.set(functionArn, (pool = functionArn.split(':').slice(3, 5).join(':')));
  }
  return pool;
}
