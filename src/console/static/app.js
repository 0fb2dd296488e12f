// The console's entry: asks for keys when the server verifies signatures, then routes by the hash.
import { consoleApi, loadMode, session } from './aws.js';
import { clear, errorBox, h } from './dom.js';
import { functionsList } from './views/functions-list.js';
import { functionPage } from './views/function-page.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
const region = document.getElementById('region');
/** Called when the page leaves a view: closes its live streams and timers. */
let leave = () => {};

/** `tried` refills the form after a refusal (never the secret). */
function loginView(problem, tried = {}) {
  const form = h('form.login', { id: 'login' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'This Lambkin checks signatures. Enter an access key from its credentials file; it is kept for this tab only.'),
    h('label', {}, 'Access key ID', h('input', { name: 'accessKeyId', autocomplete: 'username', required: true, value: tried.accessKeyId })),
    h('label', {}, 'Secret access key', h('input', { name: 'secretAccessKey', type: 'password', autocomplete: 'current-password', required: true })),
    h('label', {}, 'Region', h('input', { name: 'region', value: tried.region ?? session.mode.defaultRegion, required: true })),
    problem ? errorBox(problem) : null,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const tried = { accessKeyId: data.get('accessKeyId').trim(), region: data.get('region').trim() };
    session.save({ ...tried, secretAccessKey: data.get('secretAccessKey') });
    try {
      await consoleApi('GET', ['whoami']);
      route();
    } catch (err) {
      session.clear();
      clear(main, loginView(err, tried));
    }
  });
  return form;
}

async function route() {
  leave();
  leave = () => {};
  if (session.mode.credentialsRequired && !session.hasKeys) {
    who.textContent = '';
    signOut.hidden = true;
    region.parentElement.hidden = true;
    clear(main, loginView());
    return;
  }
  try {
    const me = await consoleApi('GET', ['whoami']);
    who.textContent = `account ${me.accountId} · ${me.region}`;
    region.value = session.region;
    region.parentElement.hidden = false;
    signOut.hidden = !session.hasKeys;
  } catch (err) {
    session.clear();
    clear(main, session.mode.credentialsRequired ? loginView(err) : errorBox(err));
    return;
  }
  const [, section, name, tab] = decodeURIComponent(location.hash.replace(/^#/, '')).split('/');
  const view = section === 'functions' && name ? functionPage(name, tab || 'configuration') : functionsList();
  leave = view.leave ?? leave;
  clear(main, view.element);
}

signOut.addEventListener('click', () => {
  session.clear();
  location.hash = '#/';
  route();
});
// Each region holds its own functions; the keys stay the same.
region.addEventListener('change', () => {
  session.save({ ...session.saved, region: region.value.trim() });
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);

loadMode().then(route, (err) => clear(main, errorBox(err)));
