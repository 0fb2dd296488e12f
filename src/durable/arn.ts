/**
 * Durable execution ARNs: `arn:aws:lambda:<region>:<account>:function:<name>:<version>/durable-execution/<name>/<id>`.
 * The part after `function:` is the execution's key in the store, so an ARN finds its records directly.
 */
import type { Scope } from '../store/types.js';

const EXECUTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+):(\$LATEST(?:\.PUBLISHED)?|\d+)\/durable-execution\/([a-zA-Z0-9_-]+)\/([a-zA-Z0-9_-]+)$/;

export interface ExecutionAddress {
  scope: Scope;
  key: string;
  functionName: string;
  version: string;
}

export function executionKey(functionName: string, version: string, name: string, id: string): string {
  return `${functionName}:${version}/durable-execution/${name}/${id}`;
}

export function executionArn(scope: Scope, key: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${key}`;
}

/** The store address of an execution ARN, or undefined when the text is not one. */
export function parseExecutionArn(arn: string): ExecutionAddress | undefined {
  const m = EXECUTION_ARN.exec(arn);
  if (!m) return undefined;
  const [, region, accountId, functionName, version, name, id] = m as unknown as string[];
  return {
    scope: { accountId: accountId!, region: region! },
    key: executionKey(functionName!, version!, name!, id!),
    functionName: functionName!,
    version: version!,
  };
}
