/**
 * The console in a real browser against a real server: functions created with the SDK show in the
 * list; a function's page shows its configuration, code and masked environment; a named test event is
 * saved, invoked from the test tab with its result and log; the live tail shows a line as it is written;
 * the monitor tab charts what ran from CloudWatch GetMetricData.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AddPermissionCommand, CreateAliasCommand, CreateFunctionUrlConfigCommand, GetFunctionConfigurationCommand, PublishLayerVersionCommand, UpdateFunctionConfigurationCommand, CreateEventSourceMappingCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { NODE_ECHO, makeZip } from '../support/zip.js';
import { until } from '../support/timing.js';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { CHROMIUM, launchBrowser, openPage, screenshot } from './browser.js';

// Nothing answers at the sources' endpoint: a mapping settles, its poller just cannot read.
const server = await startLambkin({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } });
const client = server.client();
const CONSOLE = `${server.url}/_lambkin/console/`;

describe('the web console', { skip: existsSync(CHROMIUM) ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url = '';
  let layerArn = '';

  before(async () => {
    await deploy(client, 'alpha', {
      'index.js': "exports.handler = async (event) => { console.log('alpha saw', JSON.stringify(event)); return { greeting: `hello ${event.who}` }; };\n",
      'lib/helper.js': 'module.exports = "helper text";\n',
    }, { environment: { API_TOKEN: 'shh-its-a-secret' } });
    const layer = await client.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: await makeZip({ 'nodejs/shared.js': 'module.exports = 1;\n' }) } }));
    layerArn = layer.LayerVersionArn!;
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'alpha', Layers: [layerArn] }));
    await until('alpha is updated', async () => (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'alpha' }))).LastUpdateStatus === 'Successful');
    await client.send(new PublishVersionCommand({ FunctionName: 'alpha' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'alpha', Name: 'live', FunctionVersion: '1' }));
    await client.send(new AddPermissionCommand({ FunctionName: 'alpha', StatementId: 'from-s3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }));
    url = (await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'alpha', AuthType: 'AWS_IAM' }))).FunctionUrl!;
    await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'alpha', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders' }));
    await deploy(client, 'beta', { 'main.py': 'def handler(event, context):\n    return event\n' }, { runtime: 'python3.12', handler: 'main.handler' });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
  });

  it('lists the functions, and the search box narrows the list', async () => {
    await page.goto(CONSOLE);
    const rows = page.locator('#functions tbody tr');
    await rows.nth(1).waitFor();
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.function)), ['alpha', 'beta']);
    const alpha = page.locator('tr[data-function="alpha"] td');
    assert.equal(await alpha.nth(1).textContent(), 'nodejs20.x');
    await page.locator('tr[data-function="alpha"] td.state', { hasText: 'Active' }).waitFor();
    assert.equal(await page.locator('#who').textContent(), 'account 000000000000 · us-east-1');
    await screenshot(page, 'functions-list');
    await page.fill('#function-search', 'bet');
    await page.locator('#functions tbody tr').first().waitFor();
    assert.deepEqual(await page.locator('#functions tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.function)), ['beta']);
    await page.selectOption('#runtime-filter', 'nodejs20.x');
    assert.equal(await page.locator('section.functions p.empty').textContent(), 'No function matches.');
  });

  it('shows a function\'s configuration, with environment values masked until clicked', async () => {
    await page.goto(CONSOLE);
    await page.click('a[href="#/functions/alpha"]');
    await page.locator('#general').waitFor();
    assert.match(await page.locator('#general').textContent() ?? '', /index\.handler/);
    const value = page.locator('#environment button.masked');
    assert.equal(await value.textContent(), '••••••••');
    await value.click();
    assert.equal(await value.textContent(), 'shh-its-a-secret');
    assert.equal(await page.locator('#layers tbody td').first().textContent(), layerArn);
    await page.locator('#versions td', { hasText: '$LATEST' }).waitFor();
    await page.locator('#versions td', { hasText: /^1$/ }).waitFor();
    assert.deepEqual(await page.locator('#aliases tbody tr td').allTextContents(), ['live', '1', '—']);
    const mapping = page.locator('#mappings tbody tr');
    await mapping.waitFor();
    const cells = await mapping.locator('td').allTextContents();
    assert.equal(cells[0], 'arn:aws:sqs:us-east-1:000000000000:orders');
    assert.equal(cells[2], '10');
    assert.match(cells[3]!, /^\w+ \(\d+ failures\)$/);
    const policy = JSON.parse(await page.locator('#policy pre').textContent() ?? '') as { Statement: Array<{ Sid: string; Principal: unknown }> };
    assert.deepEqual(policy.Statement.map((st) => [st.Sid, st.Principal]), [['from-s3', { Service: 's3.amazonaws.com' }]]);
    assert.deepEqual(await page.locator('#urls tbody tr td').allTextContents(), [url, 'AWS_IAM', 'BUFFERED']);
    await page.locator('#async', { hasText: 'Queued events' }).waitFor();
    await screenshot(page, 'function-configuration');
  });

  it('browses the code tree and shows a file', async () => {
    await page.goto(`${CONSOLE}#/functions/alpha/code`);
    await page.click('#code-files a[data-path="lib/helper.js"]');
    assert.equal(await page.locator('#file-text').textContent(), 'module.exports = "helper text";\n');
    await screenshot(page, 'function-code');
  });

  it('saves a named test event, invokes it from the test tab and shows the result and the log', async () => {
    await page.goto(`${CONSOLE}#/functions/alpha/test`);
    await page.fill('#test-event-name', 'greet-world');
    await page.fill('#test-event-body', '{"who": "world"}');
    await page.click('#save-event');
    await page.locator('.message .ok', { hasText: 'Saved greet-world.' }).waitFor();
    // A fresh page finds the saved event in the store.
    await page.reload();
    await page.locator('#test-event-picker option[value="greet-world"]').waitFor({ state: 'attached' });
    await page.fill('#test-event-body', '{}');
    await page.selectOption('#test-event-picker', 'greet-world');
    assert.equal(await page.inputValue('#test-event-body'), '{"who": "world"}');
    await page.click('#invoke');
    await page.locator('#test-outcome').waitFor();
    assert.equal(await page.locator('#test-outcome').textContent(), 'Succeeded');
    assert.equal(await page.locator('#test-response').textContent(), JSON.stringify({ greeting: 'hello world' }, null, 2));
    assert.match(await page.locator('#test-log').textContent() ?? '', /alpha saw \{"who":"world"\}/);
    const result = await page.locator('#test-result table').textContent() ?? '';
    assert.match(result, /Duration\d+(\.\d+)? ms/);
    assert.match(result, /Billed duration\d+ ms/);
    await screenshot(page, 'function-test');
  });

  it('shows a failed invocation as failed', async () => {
    await deploy(client, 'failing', { 'index.js': "exports.handler = async () => { throw new Error('it broke'); };\n" });
    await page.goto(`${CONSOLE}#/functions/failing/test`);
    await page.click('#invoke');
    await page.locator('#test-outcome').waitFor();
    assert.equal(await page.locator('#test-outcome').textContent(), 'Failed: Unhandled');
    assert.match(await page.locator('#test-response').textContent() ?? '', /"errorMessage": "it broke"/);
    // The list counts the failed run.
    await page.goto(CONSOLE);
    const cells = page.locator('tr[data-function="failing"] td');
    await cells.first().waitFor();
    assert.deepEqual((await cells.allTextContents()).slice(4), ['1', '1', '0']);
  });

  it('tails the log live and filters the lines', async () => {
    await page.goto(`${CONSOLE}#/functions/alpha/logs`);
    await page.locator('#tail-status', { hasText: 'live' }).waitFor();
    await invoke(client, 'alpha', { who: 'tail-marker' });
    const line = page.locator('#log-lines li', { hasText: 'alpha saw {"who":"tail-marker"}' });
    await line.waitFor();
    await screenshot(page, 'function-logs');
    await page.fill('#log-filter', 'no line has this');
    assert.equal(await line.isHidden(), true);
    await page.fill('#log-filter', 'TAIL-MARKER');
    assert.equal(await line.isVisible(), true);
  });

  it('charts the last hour from CloudWatch GetMetricData: a point per minute that ran', async () => {
    await deploy(client, 'charted', { 'index.js': "exports.handler = async (event) => { if (event.fail) throw new Error('no'); return 'ok'; };\n" });
    for (const event of [{}, {}, { fail: true }]) await invoke(client, 'charted', event);
    await page.goto(`${CONSOLE}#/functions/charted/monitor`);
    const total = (chart: string) => page.locator(`#chart-${chart} circle.point`)
      .evaluateAll((dots) => dots.reduce((sum, dot) => sum + Number(dot.getAttribute('data-value')), 0));
    await page.locator('#chart-invocations').waitFor();
    assert.equal(await total('invocations'), 3);
    assert.equal(await total('errors'), 1);
    assert.equal(await total('throttles'), 0);
    // A minute that ran has a p50 and p99 of its own; concurrency is counted as a run starts, so its
    // minutes may differ from those of the ends, but each point saw at least the one run.
    const ranMinutes = await page.locator('#chart-invocations circle.point').count();
    assert.ok(ranMinutes >= 1);
    for (const chart of ['p50', 'p99']) assert.equal(await page.locator(`#chart-${chart} circle.point`).count(), ranMinutes, chart);
    const peaks = await page.locator('#chart-concurrency circle.point').evaluateAll((dots) => dots.map((dot) => Number(dot.getAttribute('data-value'))));
    assert.ok(peaks.length >= 1 && peaks.every((peak) => peak >= 1), `concurrency points ${JSON.stringify(peaks)}`);
    await screenshot(page, 'function-monitor');
  });

  it('switches region: each region shows its own functions', async () => {
    const west = new LambdaClient({ endpoint: server.url, region: 'us-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    await deploy(west, 'westerly', NODE_ECHO);
    west.destroy();
    await page.goto(CONSOLE);
    await page.locator('tr[data-function="alpha"]').waitFor();
    await page.fill('#region', 'us-west-2');
    await page.press('#region', 'Enter');
    await page.locator('#who', { hasText: 'us-west-2' }).waitFor();
    await page.locator('tr[data-function="westerly"]').waitFor();
    assert.deepEqual(await page.locator('#functions tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.function)), ['westerly']);
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
