// A few lines of DOM building: h('tag.class#id', {attrs, onclick}, ...children). Text is always text.
export function h(spec, attrs = {}, ...children) {
  const [selector, id] = spec.split('#');
  const [tag, ...classes] = selector.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (id) el.id = id;
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A two-column table of label → value; values that are objects are shown as JSON. */
export function fields(rows) {
  return h('table.fields', {}, h('tbody', {}, rows.filter(([, v]) => v !== undefined).map(([k, v]) =>
    h('tr', {}, h('th', {}, k), h('td', {}, v instanceof Node ? v : typeof v === 'object' ? h('pre', {}, JSON.stringify(v, null, 2)) : String(v))))));
}

/** A table of records; `columns` are [heading, record → cell]. */
export function table(records, columns, empty = 'None') {
  if (!records.length) return h('p.empty', {}, empty);
  return h('table.list', {},
    h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', {}, label)))),
    h('tbody', {}, records.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r)))))));
}

export function errorBox(err) {
  return h('div.error', { role: 'alert' }, String(err));
}

export function ago(ms) {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  return `${Math.floor(s / 3600)}h ago`;
}
