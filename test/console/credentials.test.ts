/**
 * The console with --credentials: the page asks for an access key and secret, signs every call with
 * them in the browser, refuses a wrong secret with AWS's error, and shows only the signer's account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { CHROMIUM, launchBrowser, openPage, screenshot } from './browser.js';
import { signedFetch } from './signed-fetch.js';

const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const server = await startLambkin({ args: ['--credentials', credentials] });
const CONSOLE = `${server.url}/_lambkin/console/`;

async function signIn(page: Page, accessKeyId: string, secret: string): Promise<void> {
  await page.fill('#login input[name="accessKeyId"]', accessKeyId);
  await page.fill('#login input[name="secretAccessKey"]', secret);
  await page.click('#login button[type="submit"]');
}

describe('the console with a credentials file', { skip: existsSync(CHROMIUM) ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    await deploy(server.client('AKIAOWNER', 'owner-secret'), 'owners-function', { 'index.js': 'exports.handler = async () => 1;\n' });
    await deploy(server.client('AKIAOTHER', 'other-secret'), 'others-function', { 'index.js': 'exports.handler = async () => 2;\n' });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
  });

  it('refuses the console\'s endpoints unsigned or badly signed', async () => {
    const unsigned = await fetch(`${server.url}/_lambkin/console/api/functions/owners-function/test-events`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const wrong = await signedFetch(server.url, 'GET', '/_lambkin/console/api/whoami', { accessKeyId: 'AKIAOWNER', secretAccessKey: 'wrong' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    const tail = await fetch(`${server.url}/_lambkin/console/api/logs/owners-function/events`);
    assert.equal(tail.status, 403);
    // Another account's function is not there for this signer.
    const other = await signedFetch(server.url, 'GET', '/_lambkin/console/api/functions/owners-function/code', { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret' });
    assert.equal(other.status, 404);
    assert.deepEqual(await other.json(), { Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:222222222222:function:owners-function' });
  });

  it('asks for keys before showing anything', async () => {
    await page.goto(CONSOLE);
    await page.locator('#login').waitFor();
    assert.equal(await page.locator('#functions').count(), 0);
    await screenshot(page, 'credentials-login');
  });

  it('shows AWS\'s error for a wrong secret and keeps asking', async () => {
    await signIn(page, 'AKIAOWNER', 'not-the-secret');
    const error = page.locator('#login .error');
    await error.waitFor();
    assert.match(await error.textContent() ?? '', /^InvalidSignatureException: The request signature we calculated does not match the signature you provided\./);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lambkin-console-session')), null);
    assert.equal(await page.inputValue('#login input[name="accessKeyId"]'), 'AKIAOWNER');
    assert.equal(await page.inputValue('#login input[name="secretAccessKey"]'), '');
    await screenshot(page, 'credentials-wrong-secret');
  });

  it('with the right secret shows only that account\'s functions', async () => {
    await signIn(page, 'AKIAOWNER', 'owner-secret');
    await page.locator('#functions tbody tr').first().waitFor();
    assert.deepEqual(await page.locator('#functions tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.function)), ['owners-function']);
    assert.equal(await page.locator('#who').textContent(), 'account 111111111111 · us-east-1');
    await screenshot(page, 'credentials-signed-in');
  });

  it('signs requests with bodies and streams: saves an event, invokes it, tails the log', async () => {
    await page.goto(`${CONSOLE}#/functions/owners-function/test`);
    await page.fill('#test-event-name', 'signed');
    await page.fill('#test-event-body', '{"signed": true}');
    await page.click('#save-event');
    await page.locator('.message .ok', { hasText: 'Saved signed.' }).waitFor();
    await page.click('#invoke');
    await page.locator('#test-outcome').waitFor();
    assert.equal(await page.locator('#test-outcome').textContent(), 'Succeeded');
    assert.equal(await page.locator('#test-response').textContent(), '1');
    await page.goto(`${CONSOLE}#/functions/owners-function/logs`);
    await page.locator('#tail-status', { hasText: 'live' }).waitFor();
    await page.locator('#log-lines li', { hasText: 'START RequestId:' }).first().waitFor();
  });

  it('charts only the signer\'s runs: GetMetricData is signed too', async () => {
    // The same name in the other account, run twice there: none of it shows in the owner's charts.
    const other = server.client('AKIAOTHER', 'other-secret');
    await deploy(other, 'owners-function', { 'index.js': 'exports.handler = async () => 3;\n' });
    for (let i = 0; i < 2; i++) await invoke(other, 'owners-function');
    await page.goto(`${CONSOLE}#/functions/owners-function/monitor`);
    await page.locator('#chart-invocations').waitFor();
    const invocations = await page.locator('#chart-invocations circle.point')
      .evaluateAll((dots) => dots.reduce((sum, dot) => sum + Number(dot.getAttribute('data-value')), 0));
    assert.equal(invocations, 1);
  });

  it('keeps the keys for the tab only, and forgets them on sign-out', async () => {
    // The keys live in this tab's sessionStorage: a reload keeps the session.
    await page.goto(CONSOLE);
    await page.reload();
    await page.locator('#functions tbody tr').first().waitFor();
    await page.click('#sign-out');
    await page.locator('#login').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lambkin-console-session')), null);
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
