import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionArn, parseFunctionRef, splitIdentifier } from '../../src/control/arn.js';
import { LambdaError } from '../../src/errors/base.js';

const scope = { accountId: '000000000000', region: 'us-east-1' };

describe('function identifiers', () => {
  it('reads every form the model allows', () => {
    assert.deepEqual(parseFunctionRef('fn', scope), { accountId: '000000000000', region: 'us-east-1', name: 'fn' });
    assert.deepEqual(parseFunctionRef('fn:3', scope), { accountId: '000000000000', region: 'us-east-1', name: 'fn', qualifier: '3' });
    assert.deepEqual(parseFunctionRef('function:fn', scope), { accountId: '000000000000', region: 'us-east-1', name: 'fn' });
    assert.deepEqual(parseFunctionRef('111111111111:function:fn:live', scope), { accountId: '111111111111', region: 'us-east-1', name: 'fn', qualifier: 'live' });
    assert.deepEqual(parseFunctionRef('arn:aws:lambda:us-east-1:111111111111:function:fn:$LATEST', scope),
      { accountId: '111111111111', region: 'us-east-1', name: 'fn', qualifier: '$LATEST' });
    assert.deepEqual(splitIdentifier('arn:aws:lambda:us-east-1:111111111111:function'), { region: 'us-east-1', account: '111111111111', name: 'function' });
    assert.deepEqual(splitIdentifier('fn.with.dots'), { name: 'fn.with.dots' });
    assert.equal(splitIdentifier('fn:1:2'), undefined);
  });

  it('takes the Qualifier parameter when the name agrees', () => {
    assert.equal(parseFunctionRef('fn', scope, '7').qualifier, '7');
    assert.equal(parseFunctionRef('fn:7', scope, '7').qualifier, '7');
    assert.throws(() => parseFunctionRef('fn:1', scope, '$LATEST'), (err: LambdaError) =>
      err.code === 'InvalidParameterValueException' && err.message === 'The derived qualifier from the function name does not match the specified qualifier.');
  });

  it('refuses another region with AWS\'s 404', () => {
    assert.throws(() => parseFunctionRef('arn:aws:lambda:eu-west-1:000000000000:function:fn', scope), (err: LambdaError) =>
      err.status === 404 && err.message === "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
  });

  it('builds ARNs', () => {
    assert.equal(functionArn({ ...scope, name: 'fn' }), 'arn:aws:lambda:us-east-1:000000000000:function:fn');
    assert.equal(functionArn({ ...scope, name: 'fn' }, '$LATEST'), 'arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST');
  });
});
