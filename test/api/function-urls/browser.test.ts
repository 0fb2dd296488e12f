/**
 * A function URL in a real browser: headless Chromium on a page of another origin fetches the URL at its
 * own host name (`<id>.lambda-url.<region>.localhost`, which Chromium resolves to loopback). The URL's
 * Cors config lets one origin in, with a preflight for its custom header, and keeps another out.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy } from '../invoke/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const server = await startLambkin();
const client = server.client();

/** A page server on a port of its own: a distinct origin. */
async function pageOrigin(): Promise<{ origin: string; close: () => Promise<void> }> {
  const pages: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'));
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => pages.close(() => resolve())) };
}

describe('function URL in a browser', { skip: existsSync(CHROMIUM) ? false : 'no Chromium at /usr/bin/chromium (apt-get install chromium)' }, () => {
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof pageOrigin>>;
  let refused: Awaited<ReturnType<typeof pageOrigin>>;
  let url = '';

  before(async () => {
    allowed = await pageOrigin();
    refused = await pageOrigin();
    await deploy(client, 'browser', {
      'index.js': `exports.handler = async (event) => {
        if (event.requestContext.http.method === 'OPTIONS') throw new Error('a preflight reached the function');
        return { statusCode: 200, headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method: event.requestContext.http.method, custom: event.headers['x-custom'], origin: event.headers.origin, body: event.body }) };
      };\n`,
    });
    const created = await client.send(new CreateFunctionUrlConfigCommand({
      FunctionName: 'browser', AuthType: 'NONE',
      Cors: { AllowOrigins: [allowed.origin], AllowMethods: ['POST'], AllowHeaders: ['x-custom', 'content-type'] },
    }));
    await client.send(new AddPermissionCommand({ FunctionName: 'browser', StatementId: 'u', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
    await client.send(new AddPermissionCommand({ FunctionName: 'browser', StatementId: 'i', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }));
    url = created.FunctionUrl!;
    assert.match(url, /^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await allowed?.close();
    await refused?.close();
  });

  /** Runs fetch on a page of `origin`: the function's answer, or the browser's refusal. */
  async function fetchFrom(origin: string): Promise<{ ok: true; status: number; json: unknown } | { ok: false; error: string }> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(async (target) => {
        try {
          const r = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-custom': 'from the page' }, body: '{"n":1}' });
          return { ok: true as const, status: r.status, json: await r.json() };
        } catch (err) {
          return { ok: false as const, error: String(err) };
        }
      }, url);
    } finally {
      await page.close();
    }
  }

  it('an allowed origin gets the function\'s answer, after a preflight the gateway answered itself', async () => {
    const out = await fetchFrom(allowed.origin);
    assert.deepEqual(out, { ok: true, status: 200, json: { method: 'POST', custom: 'from the page', origin: allowed.origin, body: '{"n":1}' } });
  });

  it('another origin is refused by the browser', async () => {
    const out = await fetchFrom(refused.origin);
    assert.equal(out.ok, false);
    assert.match((out as { error: string }).error, /TypeError: Failed to fetch/);
  });
});
