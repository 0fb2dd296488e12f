// The deployed package, unpacked: its entries on the left, the chosen file's text on the right.
import { consoleApi } from '../aws.js';
import { clear, errorBox, h } from '../dom.js';

export function codeTab(name) {
  const list = h('ul.tree#code-files', {}, h('li.loading', {}, 'Loading…'));
  const viewer = h('div.viewer', {}, h('p.empty', {}, 'Choose a file.'));
  const element = h('div.code', {}, list, viewer);

  async function open(path, link) {
    for (const a of list.querySelectorAll('a.current')) a.classList.remove('current');
    link.classList.add('current');
    clear(viewer, h('p.loading', {}, `Loading ${path}…`));
    try {
      const file = await consoleApi('GET', ['functions', name, 'code', 'file'], { query: { path } });
      clear(viewer, h('h3', {}, `${file.path} (${file.size} bytes)`),
        file.binary ? h('p.empty', {}, 'Binary file: not shown.') : h('pre.file#file-text', {}, file.text));
    } catch (err) {
      clear(viewer, errorBox(err));
    }
  }

  consoleApi('GET', ['functions', name, 'code']).then(({ entries, truncated }) => {
    clear(list, entries.map((e) => {
      const depth = e.path.split('/').length - 1;
      const label = e.path.split('/').pop();
      const item = e.type === 'file'
        ? h('a', { href: '#', dataset: { path: e.path } }, label)
        : h('span', {}, e.type === 'directory' ? `${label}/` : `${label} →`);
      if (e.type === 'file') item.addEventListener('click', (ev) => { ev.preventDefault(); open(e.path, item); });
      return h('li', { style: `padding-left:${depth * 1.2}em`, class: e.type }, item);
    }), truncated ? h('li.empty', {}, 'Only the first entries are listed.') : null);
  }, (err) => clear(list, h('li', {}, errorBox(err))));
  return { element };
}
