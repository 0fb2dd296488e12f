// Everything the Lambda API says about a function: configuration, environment (masked), layers,
// versions, aliases, policy, URLs, event source mappings with their pollers' state, async settings and
// the async queue.
import { consoleApi, lambda, listAll, signedFetch } from '../aws.js';
import { clear, errorBox, fields, h, table } from '../dom.js';

/** A section that fills itself from `load`; an error shows in the section only. */
function section(title, id, load) {
  const body = h('div', {}, h('p.loading', {}, 'Loading…'));
  load().then((content) => clear(body, content), (err) => clear(body, errorBox(err)));
  return h('section.card', { id }, h('h2', {}, title), body);
}

function maskedValue(value) {
  const cell = h('button.masked', { type: 'button', title: 'Show value' }, '••••••••');
  cell.addEventListener('click', () => {
    const shown = cell.dataset.shown === '1';
    cell.textContent = shown ? '••••••••' : value;
    cell.dataset.shown = shown ? '0' : '1';
  });
  return cell;
}

const notFoundIsNone = (p) => p.catch((err) => { if (err.status === 404) return null; throw err; });

export function configurationTab(name, fn) {
  const c = fn.Configuration;
  const vars = Object.entries(c.Environment?.Variables ?? {});
  const element = h('div.config', {},
    h('section.card#general', {}, h('h2', {}, 'General configuration'), fields([
      ['ARN', c.FunctionArn], ['Runtime', c.Runtime], ['Handler', c.Handler], ['Architecture', (c.Architectures ?? []).join(', ')],
      ['Memory (MB)', c.MemorySize], ['Timeout (s)', c.Timeout], ['Ephemeral storage (MB)', c.EphemeralStorage?.Size],
      ['State', c.State], ['Last update', c.LastUpdateStatus], ['Last modified', c.LastModified], ['Role', c.Role],
      ['Code size (bytes)', c.CodeSize], ['Code SHA-256', c.CodeSha256], ['Package type', c.PackageType],
      ['Reserved concurrency', fn.Concurrency?.ReservedConcurrentExecutions ?? 'unreserved'],
      ['Tags', Object.keys(fn.Tags ?? {}).length ? fn.Tags : undefined],
    ])),
    h('section.card#environment', {}, h('h2', {}, 'Environment variables'),
      table(vars, [['Key', ([k]) => k], ['Value', ([, v]) => maskedValue(v)]], 'No environment variables.')),
    h('section.card#layers', {}, h('h2', {}, 'Layers'),
      table(c.Layers ?? [], [['Layer version ARN', (l) => l.Arn], ['Code size', (l) => l.CodeSize]], 'No layers.')),
    section('Versions', 'versions', async () => table(await listAll(['2015-03-31', 'functions', name, 'versions'], 'Versions'), [
      ['Version', (v) => v.Version], ['Description', (v) => v.Description || '—'], ['Last modified', (v) => v.LastModified],
    ])),
    section('Aliases', 'aliases', async () => table(await listAll(['2015-03-31', 'functions', name, 'aliases'], 'Aliases'), [
      ['Name', (a) => a.Name], ['Version', (a) => a.FunctionVersion],
      ['Routing', (a) => Object.entries(a.RoutingConfig?.AdditionalVersionWeights ?? {}).map(([v, w]) => `${v}: ${w}`).join(', ') || '—'],
    ], 'No aliases.')),
    section('Resource-based policy', 'policy', async () => {
      const p = await notFoundIsNone(lambda('GET', ['2015-03-31', 'functions', name, 'policy']));
      return p ? h('pre', {}, JSON.stringify(JSON.parse(p.Policy), null, 2)) : h('p.empty', {}, 'No resource-based policy.');
    }),
    section('Function URLs', 'urls', async () => table(await listAll(['2021-10-31', 'functions', name, 'urls'], 'FunctionUrlConfigs'), [
      ['URL', (u) => h('a', { href: u.FunctionUrl, target: '_blank', rel: 'noopener' }, u.FunctionUrl)], ['Auth', (u) => u.AuthType],
      ['Invoke mode', (u) => u.InvokeMode ?? 'BUFFERED'],
    ], 'No function URLs.')),
    section('Event source mappings', 'mappings', async () => {
      const mappings = await listAll(['2015-03-31', 'event-source-mappings', ''], 'EventSourceMappings', { FunctionName: name });
      // The poller's side of each mapping, from Lambkin's own status endpoint.
      const status = new Map(await Promise.all(mappings.map(async (m) => [m.UUID,
        await signedFetch('GET', `/_lambkin/event-source-mappings/${encodeURIComponent(m.UUID)}`).then((r) => r.json(), () => null)])));
      return table(mappings, [
        ['Source', (m) => m.EventSourceArn ?? JSON.stringify(m.SelfManagedEventSource ?? {})], ['State', (m) => m.State],
        ['Batch size', (m) => m.BatchSize],
        ['Poller', (m) => { const s = status.get(m.UUID); return s ? `${s.poller.state} (${s.poller.failures} failures)` : '—'; }],
        ['Lag', (m) => { const s = status.get(m.UUID); return s ? `${Math.round(s.lagMs / 1000)} s` : '—'; }],
        ['Last error', (m) => status.get(m.UUID)?.lastError?.message ?? status.get(m.UUID)?.sourceProblem ?? 'none'],
      ], 'No event source mappings.');
    }),
    section('Asynchronous invocation', 'async', async () => {
      const [configs, queue] = await Promise.all([
        listAll(['2019-09-25', 'functions', name, 'event-invoke-config', 'list'], 'FunctionEventInvokeConfigs'),
        consoleApi('GET', ['functions', name, 'async-queue']),
      ]);
      return h('div', {},
        fields([
          ['Queued events', queue.depth],
          ['Oldest event age (s)', queue.oldestAgeSeconds ?? '—'],
          ['Last error', queue.lastError ? `${queue.lastError.functionError} after ${queue.lastError.attempts} attempt(s): ${queue.lastError.payload}` : 'none'],
        ]),
        table(configs, [
          ['Qualifier', (x) => x.FunctionArn.split(':').length > 7 ? x.FunctionArn.split(':').pop() : '$LATEST'],
          ['Max retries', (x) => x.MaximumRetryAttempts ?? 2], ['Max age (s)', (x) => x.MaximumEventAgeInSeconds ?? 21600],
          ['Destinations', (x) => JSON.stringify(x.DestinationConfig ?? {})],
        ], 'Default settings: 2 retries, events kept up to 6 hours.'));
    }),
  );
  return { element };
}
