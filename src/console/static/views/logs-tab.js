// The function's log lines as they are written: a server-sent event stream, read with fetch so each
// request is signed, and a filter box that shows only the lines containing its text.
import { encodePath, signedFetch } from '../aws.js';
import { clear, errorBox, h } from '../dom.js';

const KEPT_LINES = 2000;

export function logsTab(name) {
  const filter = h('input#log-filter', { type: 'search', placeholder: 'Filter lines', 'aria-label': 'Filter log lines' });
  const status = h('span.status#tail-status', {}, 'connecting…');
  const lines = h('ol.log#log-lines');
  const abort = new AbortController();
  const element = h('div.logs', {},
    h('div.bar', {}, filter, h('button', { type: 'button', onclick: () => clear(lines) }, 'Clear'), status), lines);

  const matches = (text) => !filter.value || text.toLowerCase().includes(filter.value.toLowerCase());

  function add(event) {
    const text = event.message.replace(/\n$/, '');
    const item = h('li', { dataset: { stream: event.logStreamName } }, h('time', {}, new Date(event.timestamp).toISOString().slice(11, 23)), ' ', text);
    item.hidden = !matches(text);
    lines.append(item);
    while (lines.childElementCount > KEPT_LINES) lines.firstElementChild.remove();
    if (!item.hidden) item.scrollIntoView({ block: 'nearest' });
  }

  filter.addEventListener('input', () => {
    for (const li of lines.children) li.hidden = !matches(li.textContent);
  });

  async function follow() {
    try {
      const res = await signedFetch('GET', encodePath(['_lambkin', 'console', 'api', 'logs', name, 'events']), { signal: abort.signal });
      status.textContent = 'live';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) add(JSON.parse(data));
        }
      }
      status.textContent = 'ended';
    } catch (err) {
      if (abort.signal.aborted) return;
      status.textContent = 'stopped';
      element.append(errorBox(err));
    }
  }

  follow();
  return { element, leave: () => abort.abort() };
}
