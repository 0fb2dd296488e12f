/**
 * What hangs off a function, one of its published versions or one of its aliases, declared by each
 * resource family that keeps such things (policies, configs, settings). A delete asks every family and
 * commits their deletes in its own batch, so nothing outlives its owner and a later resource of the same
 * name starts bare.
 */
import type { Scope, WriteOp } from '../store/types.js';

export interface Dependants {
  ofFunction?(scope: Scope, functionName: string): WriteOp[];
  ofVersion?(scope: Scope, functionName: string, version: string): WriteOp[];
  ofAlias?(scope: Scope, functionName: string, alias: string): WriteOp[];
}

/** Every family's dependants at once: what a delete adds to its batch. */
export type DependantDeletes = Required<Dependants>;

export function allDependants(families: readonly (Dependants | undefined)[]): DependantDeletes {
  const declared = families.filter((d): d is Dependants => d !== undefined);
  return {
    ofFunction: (scope, name) => declared.flatMap((d) => d.ofFunction?.(scope, name) ?? []),
    ofVersion: (scope, name, version) => declared.flatMap((d) => d.ofVersion?.(scope, name, version) ?? []),
    ofAlias: (scope, name, alias) => declared.flatMap((d) => d.ofAlias?.(scope, name, alias) ?? []),
  };
}

/** The usual shape: one document per function or per qualifier, keyed under the function's name. */
export function keyedByQualifier(kind: string, key: (functionName: string, qualifier: string) => string): DependantDeletes {
  const one = (scope: Scope, name: string, qualifier: string): WriteOp[] => [{ op: 'delete', kind, scope, key: key(name, qualifier) }];
  return {
    ofFunction: (scope, name) => [{ op: 'deleteChildren', kind, scope, parent: name }],
    ofVersion: one,
    ofAlias: one,
  };
}
