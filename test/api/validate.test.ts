import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findViolations, formatViolations } from '../../src/api/validate.js';

const message = (operation: string, input: Record<string, unknown>) => formatViolations(findViolations(operation, input));
const base = { FunctionName: 'fn', Role: 'arn:aws:iam::000000000000:role/r', Code: {} };

describe('validation messages', () => {
  it('range', () => {
    assert.equal(message('CreateFunction', { ...base, MemorySize: 127 }),
      "1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
  });
  it('length and pattern, with lowerCamel nested paths', () => {
    assert.equal(message('CreateFunction', { ...base, Description: 'x'.repeat(257) }),
      `1 validation error detected: Value '${'x'.repeat(257)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
    assert.equal(message('CreateFunction', { ...base, Role: 'r1' }),
      "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    assert.equal(message('CreateFunction', { ...base, TracingConfig: { Mode: 'Loud' } }),
      "1 validation error detected: Value 'Loud' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]");
  });
  it('enum', () => {
    assert.equal(message('ListFunctions', { FunctionVersion: 'invalid' }),
      "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]");
  });
  it('list members', () => {
    assert.equal(message('CreateFunction', { ...base, Architectures: ['X86_64'] }),
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]");
  });
  it('structures inside lists, member by member at list.N.member paths', () => {
    const arn = 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0';
    assert.equal(message('CreateFunction', { ...base, FileSystemConfigs: [{ Arn: arn, LocalMountPath: '/tmp/efs' }] }),
      "1 validation error detected: Value '/tmp/efs' at 'fileSystemConfigs.1.member.localMountPath' failed to satisfy constraint: Member must satisfy regular expression pattern: /mnt/[a-zA-Z0-9-_.]+");
    assert.equal(message('CreateFunction', { ...base, FileSystemConfigs: [{}] }),
      "2 validation errors detected: Value null at 'fileSystemConfigs.1.member.arn' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'fileSystemConfigs.1.member.localMountPath' failed to satisfy constraint: Member must not be null");
  });
  it('map keys and values', () => {
    assert.equal(message('CreateFunction', { ...base, Environment: { Variables: { A: 'x' } } }),
      "1 validation error detected: Value '{A=x}' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
    assert.equal(message('TagResource', { Resource: 'arn:aws:lambda:us-east-1:000000000000:function:fn', Tags: { k: null } }),
      "1 validation error detected: Value '{k=null}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]");
  });
  it('missing members and two errors joined with "; "', () => {
    assert.equal(message('UntagResource', { Resource: 'arn:aws:lambda:us-east-1:000000000000:function:fn' }),
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    assert.equal(message('CreateFunction', { ...base, MemorySize: 127, Timeout: 0 }),
      "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
  });
});
