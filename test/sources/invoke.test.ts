import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  RequestTooLargeException, ResourceConflictException, ResourceNotFoundException, ServiceException, TooManyRequestsException,
} from '../../src/errors/catalogue.js';
import { platformErrorResult } from '../../src/sources/invoke.js';

it('classifies platform errors: throttles, service errors and conflicts may pass later, refusals never', () => {
  const cases = [
    [new TooManyRequestsException('Rate Exceeded.'), 'TooManyRequestsException', true],
    [new ServiceException('boom'), 'ServiceException', true],
    [new ResourceConflictException('The operation cannot be performed at this time.'), 'ResourceConflictException', true],
    [new ResourceNotFoundException('Function not found'), 'ResourceNotFoundException', false],
    [new RequestTooLargeException('Request must be smaller than 6291456 bytes for the InvokeFunction operation'), 'RequestTooLargeException', false],
    [new Error('socket hang up'), 'ServiceException', true],
  ] as const;
  for (const [error, code, retryable] of cases) {
    const result = platformErrorResult('req', error);
    assert.equal(result.kind, 'platform-error');
    if (result.kind !== 'platform-error') continue;
    assert.deepEqual([result.code, result.retryable, result.error.message, result.requestId], [code, retryable, error.message, 'req']);
  }
});
