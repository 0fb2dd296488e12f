/**
 * The monitor tab's charts, read from the server's CloudWatch GetMetricData (JSON 1.0, signed for
 * `monitoring` in the browser): invocations made with the SDK show as points of the last hour.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { EVENTUALLY_MS } from '../support/timing.js';
import { CHROMIUM, launchBrowser, openPage, screenshot } from './browser.js';

const server = await startLambkin();
const client = server.client();

describe('the monitor tab', { skip: existsSync(CHROMIUM) ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    await deploy(client, 'charted', { 'index.js': "exports.handler = async (e) => { if (e.fail) throw new Error('no'); return 1; };\n" });
    for (const event of [{}, {}, { fail: true }]) await invoke(client, 'charted', event);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
  });

  /** The sum of a chart's points, refreshing the tab until it is `expected` or the deadline passes. */
  async function chartSum(id: string, expected: number): Promise<number> {
    const deadline = Date.now() + EVENTUALLY_MS;
    for (;;) {
      await page.locator(`#chart-${id} svg`).waitFor();
      const values = await page.locator(`#chart-${id} circle.point`).evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
      const sum = values.reduce((a, b) => a + b, 0);
      if (sum === expected || Date.now() > deadline) return sum;
      await page.click('.monitor .bar button');
      await page.waitForTimeout(500);
    }
  }

  it('charts invocations, errors and durations of the last hour', async () => {
    await page.goto(`${server.url}/_lambkin/console/#/functions/charted/monitor`);
    assert.equal(await chartSum('invocations', 3), 3);
    assert.equal(await chartSum('errors', 1), 1);
    assert.equal(await chartSum('throttles', 0), 0);
    assert.ok(await page.locator('#chart-p50 circle.point').count() >= 1);
    assert.ok(await page.locator('#chart-p99 circle.point').count() >= 1);
    assert.equal(await page.locator('#charts .error').count(), 0);
    await screenshot(page, 'function-monitor');
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
