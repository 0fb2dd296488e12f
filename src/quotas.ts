/** AWS's account quotas that more than one layer applies (the API reports them, the engine enforces them). */

/** Concurrent executions per account and Region. */
export const ACCOUNT_CONCURRENCY_LIMIT = 1000;
