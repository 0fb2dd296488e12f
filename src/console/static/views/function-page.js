// One function: a header and its tabs. Each tab is its own module; the page hands it the function's
// GetFunction answer and closes what the tab left open (a live tail) when the page goes.
import { lambda } from '../aws.js';
import { clear, errorBox, h } from '../dom.js';
import { configurationTab } from './configuration-tab.js';
import { codeTab } from './code-tab.js';
import { testTab } from './test-tab.js';
import { logsTab } from './logs-tab.js';
import { monitorTab } from './monitor-tab.js';

const TABS = [
  ['configuration', 'Configuration', configurationTab],
  ['code', 'Code', codeTab],
  ['test', 'Test', testTab],
  ['logs', 'Live logs', logsTab],
  ['monitor', 'Monitor', monitorTab],
];

export function functionPage(name, tab) {
  const panel = h('div.panel', {}, h('p.loading', {}, 'Loading…'));
  const nav = h('nav.tabs', { role: 'tablist' }, TABS.map(([id, label]) =>
    h('a', { href: `#/functions/${encodeURIComponent(name)}/${id}`, role: 'tab', id: `tab-${id}`, 'aria-selected': id === tab ? 'true' : 'false' }, label)));
  const element = h('section.function', {},
    h('p.crumbs', {}, h('a', { href: '#/' }, 'Functions'), ' / ', name),
    h('h1', {}, name), nav, panel);
  let closeTab = () => {};
  lambda('GET', ['2015-03-31', 'functions', name]).then((fn) => {
    const make = (TABS.find(([id]) => id === tab) ?? TABS[0])[2];
    const shown = make(name, fn);
    closeTab = shown.leave ?? closeTab;
    clear(panel, shown.element);
  }, (err) => clear(panel, errorBox(err)));
  return { element, leave: () => closeTab() };
}
