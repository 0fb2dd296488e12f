// The functions of the signed-in account and region: search by name, filter by runtime, and what each
// did lately (from the console's activity endpoint; State from GetFunctionConfiguration, as ListFunctions
// leaves it out).
import { consoleApi, lambda, listAll } from '../aws.js';
import { ago, clear, errorBox, h } from '../dom.js';

export function functionsList() {
  const search = h('input', { type: 'search', id: 'function-search', placeholder: 'Search functions by name', 'aria-label': 'Search functions' });
  const runtime = h('select', { id: 'runtime-filter', 'aria-label': 'Runtime' }, h('option', { value: '' }, 'All runtimes'));
  const body = h('div', {}, h('p.loading', {}, 'Loading functions…'));
  const element = h('section.functions', {},
    h('div.bar', {}, h('h1', {}, 'Functions'), search, runtime, h('button', { onclick: () => load() }, 'Refresh')),
    body);
  let functions = [];
  let activity = {};
  const states = new Map();

  function render() {
    const q = search.value.trim().toLowerCase();
    const shown = functions.filter((f) => f.FunctionName.toLowerCase().includes(q) && (!runtime.value || f.Runtime === runtime.value));
    if (!shown.length) return clear(body, h('p.empty', {}, functions.length ? 'No function matches.' : 'No functions in this account and region yet.'));
    clear(body, h('table.list#functions', {},
      h('thead', {}, h('tr', {}, ['Name', 'Runtime', 'State', 'Last invoked', 'Invocations (1h)', 'Errors (1h)', 'Throttles (1h)'].map((t) => h('th', {}, t)))),
      h('tbody', {}, shown.map((f) => {
        const a = activity[f.FunctionName];
        return h('tr', { dataset: { function: f.FunctionName } },
          h('td', {}, h('a', { href: `#/functions/${encodeURIComponent(f.FunctionName)}` }, f.FunctionName)),
          h('td', {}, f.Runtime ?? '—'),
          h('td.state', {}, states.get(f.FunctionName) ?? '…'),
          h('td', {}, a ? ago(a.lastInvoked) : 'never'),
          h('td', {}, a?.invocations ?? 0),
          h('td', { class: a?.errors ? 'bad' : '' }, a?.errors ?? 0),
          h('td', {}, a?.throttles ?? 0));
      }))));
  }

  async function load() {
    try {
      [functions, { functions: activity }] = await Promise.all([
        listAll(['2015-03-31', 'functions', ''], 'Functions'), consoleApi('GET', ['activity']),
      ]);
      const runtimes = [...new Set(functions.map((f) => f.Runtime).filter(Boolean))].sort();
      const chosen = runtime.value;
      clear(runtime, h('option', { value: '' }, 'All runtimes'), runtimes.map((r) => h('option', { value: r, selected: r === chosen }, r)));
      render();
      await Promise.all(functions.map(async (f) => {
        const c = await lambda('GET', ['2015-03-31', 'functions', f.FunctionName, 'configuration']).catch(() => ({}));
        states.set(f.FunctionName, c.State ?? '—');
      }));
      render();
    } catch (err) {
      clear(body, errorBox(err));
    }
  }

  search.addEventListener('input', render);
  runtime.addEventListener('change', render);
  load();
  return { element };
}
