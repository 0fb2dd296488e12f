import { throttled } from './errors.js';

/**
 * In-flight invocation counts per account and per function (unqualified ARN), and the limits on them:
 * the account limit, and each function's reserved concurrency, which is carved out of the account's pool.
 */
export class ConcurrencyLimiter {
  private readonly perAccount = new Map<string, number>();
  private readonly unreservedPerAccount = new Map<string, number>();
  private readonly perFunction = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  private readonly reservedTotal = new Map<string, number>();

  constructor(private readonly accountLimit: number) {}

  /** Reserved concurrency of a function (undefined removes it); 0 stops every invocation. */
  setReserved(functionArn: string, limit: number | undefined): void {
    const accountId = accountOf(functionArn);
    const before = this.reserved.get(functionArn) ?? 0;
    if (limit === undefined) this.reserved.delete(functionArn);
    else this.reserved.set(functionArn, limit);
    this.reservedTotal.set(accountId, (this.reservedTotal.get(accountId) ?? 0) - before + (limit ?? 0));
  }

  reservedFor(functionArn: string): number | undefined {
    return this.reserved.get(functionArn);
  }

  /** Counts one invocation in, or throws TooManyRequestsException; returns the matching release. */
  acquire(accountId: string, functionArn: string): () => void {
    const running = this.perFunction.get(functionArn) ?? 0;
    const reserved = this.reserved.get(functionArn);
    if (reserved !== undefined) {
      if (running >= reserved) throw throttled('ReservedFunctionConcurrentInvocationLimitExceeded');
    } else {
      const unreserved = this.unreservedPerAccount.get(accountId) ?? 0;
      const available = this.accountLimit - (this.reservedTotal.get(accountId) ?? 0);
      if (unreserved >= available) throw throttled('ConcurrentInvocationLimitExceeded');
      this.unreservedPerAccount.set(accountId, unreserved + 1);
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
      if (fromUnreserved) this.unreservedPerAccount.set(accountId, (this.unreservedPerAccount.get(accountId) ?? 1) - 1);
    };
  }

  inFlight(accountId: string, functionArn?: string): number {
    if (functionArn !== undefined) return this.perFunction.get(functionArn) ?? 0;
    return this.perAccount.get(accountId) ?? 0;
  }
}

function accountOf(functionArn: string): string {
  return functionArn.split(':')[4] ?? '';
}
