// Invoke with saved, named test events: pick or write an event, save it under a name, run it and see
// the result, the log tail (LogType Tail) and the REPORT line's durations.
import { consoleApi, signedFetch, encodePath } from '../aws.js';
import { clear, errorBox, fields, h } from '../dom.js';

const DEFAULT_EVENT = '{\n  "key1": "value1"\n}';

/** The REPORT line's figures, as the AWS console shows them. */
function reportOf(log) {
  const line = log.split('\n').find((l) => l.startsWith('REPORT ')) ?? '';
  const figure = (label) => new RegExp(`${label}: ([\\d.]+) (ms|MB)`).exec(line)?.[1];
  return { duration: figure('Duration'), billed: figure('Billed Duration'), memory: figure('Max Memory Used'), init: figure('Init Duration') };
}

function decodeBase64(text) {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

export function testTab(name) {
  const picker = h('select#test-event-picker', { 'aria-label': 'Saved test events' });
  const eventName = h('input#test-event-name', { placeholder: 'Event name', 'aria-label': 'Event name', maxlength: 25 });
  const editor = h('textarea#test-event-body', { rows: 10, spellcheck: 'false', 'aria-label': 'Event JSON' });
  editor.value = DEFAULT_EVENT;
  const message = h('div.message');
  const result = h('div.result#test-result');
  let saved = [];

  async function refresh(select) {
    const { testEvents } = await consoleApi('GET', ['functions', name, 'test-events']);
    saved = testEvents;
    clear(picker, h('option', { value: '' }, saved.length ? '— saved events —' : 'No saved events'),
      saved.map((e) => h('option', { value: e.name, selected: e.name === select }, e.name)));
  }

  picker.addEventListener('change', () => {
    const chosen = saved.find((e) => e.name === picker.value);
    if (!chosen) return;
    eventName.value = chosen.name;
    editor.value = chosen.event;
  });

  async function save() {
    clear(message);
    try {
      await consoleApi('PUT', ['functions', name, 'test-events', eventName.value.trim()], { body: JSON.stringify({ event: editor.value }) });
      await refresh(eventName.value.trim());
      clear(message, h('p.ok', {}, `Saved ${eventName.value.trim()}.`));
    } catch (err) {
      clear(message, errorBox(err));
    }
  }

  async function remove() {
    clear(message);
    try {
      await consoleApi('DELETE', ['functions', name, 'test-events', picker.value]);
      const gone = picker.value;
      await refresh();
      clear(message, h('p.ok', {}, `Deleted ${gone}.`));
    } catch (err) {
      clear(message, errorBox(err));
    }
  }

  async function run() {
    clear(message);
    clear(result, h('p.loading', {}, 'Invoking…'));
    try {
      JSON.parse(editor.value);
    } catch (err) {
      return clear(result, errorBox(`The event is not valid JSON: ${err.message}`));
    }
    try {
      const res = await signedFetch('POST', encodePath(['2015-03-31', 'functions', name, 'invocations']), {
        body: editor.value, headers: { 'x-amz-log-type': 'Tail', 'content-type': 'application/json' },
      });
      const payload = await res.text();
      const functionError = res.headers.get('x-amz-function-error');
      const log = decodeBase64(res.headers.get('x-amz-log-result') ?? '');
      const report = reportOf(log);
      let pretty = payload;
      try { pretty = JSON.stringify(JSON.parse(payload), null, 2); } catch { /* not JSON: shown as sent */ }
      clear(result,
        h('h3', { class: functionError ? 'bad' : 'ok', id: 'test-outcome' }, functionError ? `Failed: ${functionError}` : 'Succeeded'),
        fields([
          ['Status', res.status], ['Executed version', res.headers.get('x-amz-executed-version') ?? undefined],
          ['Duration', report.duration ? `${report.duration} ms` : undefined], ['Billed duration', report.billed ? `${report.billed} ms` : undefined],
          ['Max memory used', report.memory ? `${report.memory} MB` : undefined], ['Init duration', report.init ? `${report.init} ms` : undefined],
        ]),
        h('h4', {}, 'Response'), h('pre#test-response', {}, pretty),
        h('h4', {}, 'Log output (last 4 KB)'), h('pre#test-log', {}, log));
    } catch (err) {
      clear(result, errorBox(err));
    }
  }

  const element = h('div.test', {},
    h('div.bar', {}, picker, h('button#delete-event', { type: 'button', onclick: remove }, 'Delete')),
    h('div.bar', {}, eventName, h('button#save-event', { type: 'button', onclick: save }, 'Save')),
    editor,
    h('div.bar', {}, h('button.primary#invoke', { type: 'button', onclick: run }, 'Test')),
    message, result);
  refresh().catch((err) => clear(message, errorBox(err)));
  return { element };
}
