/**
 * The URL's Cors config applied by the gateway: preflights answered without invoking the function
 * (which would fail on OPTIONS), Access-Control-* headers on answers to allowed origins only, over
 * whatever the function set.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy } from '../invoke/helpers.js';

const server = await startLambkin();
const client = server.client();
const ORIGIN = 'https://app.example';

describe('function URL gateway (CORS)', () => {
  let base = '';

  before(async () => {
    await deploy(client, 'cors', {
      'index.js': `exports.handler = async (event) => {
        if (event.requestContext.http.method === 'OPTIONS') throw new Error('a preflight reached the function');
        return { statusCode: 200, headers: { 'x-out': 'o', 'access-control-allow-origin': 'https://evil.example' }, body: 'ok' };
      };\n`,
    });
    const created = await client.send(new CreateFunctionUrlConfigCommand({
      FunctionName: 'cors', AuthType: 'NONE',
      Cors: { AllowOrigins: [ORIGIN], AllowMethods: ['GET', 'POST'], AllowHeaders: ['x-custom'], ExposeHeaders: ['x-out'], MaxAge: 300, AllowCredentials: true },
    }));
    await client.send(new AddPermissionCommand({ FunctionName: 'cors', StatementId: 'u', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
    await client.send(new AddPermissionCommand({ FunctionName: 'cors', StatementId: 'i', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }));
    base = `${server.url}/_lambkin/url/${/^http:\/\/([a-z0-9]{32})\./.exec(created.FunctionUrl!)![1]}`;
  });

  it('answers an allowed preflight itself, with the configured headers', async () => {
    const r = await fetch(`${base}/`, {
      method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'X-Custom, X-Other' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(r.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(r.headers.get('access-control-allow-headers'), 'x-custom');
    assert.equal(r.headers.get('access-control-max-age'), '300');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(await r.text(), '');
  });

  it('gives a refused preflight (origin or method) no Access-Control headers', async () => {
    for (const [origin, method] of [['https://other.example', 'GET'], [ORIGIN, 'DELETE']]) {
      const r = await fetch(`${base}/`, { method: 'OPTIONS', headers: { origin: origin!, 'access-control-request-method': method! } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), null, `${origin} ${method}`);
      assert.equal(r.headers.get('access-control-allow-methods'), null);
    }
  });

  it('puts the configured headers over the function\'s on answers to an allowed origin only', async () => {
    const allowed = await fetch(`${base}/`, { headers: { origin: ORIGIN } });
    assert.equal(allowed.status, 200);
    assert.equal(await allowed.text(), 'ok');
    assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'x-out');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const other = await fetch(`${base}/`, { headers: { origin: 'https://other.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), 'https://evil.example', 'the function\'s own header, untouched');
    assert.equal(other.headers.get('access-control-expose-headers'), null);
  });
});
