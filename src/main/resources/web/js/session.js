// pvmon dashboard: signing in and out, the forced password change, the header (who is signed in, the links their role may use,
// the menu that folds on small screens).
import { errorNode, may, postJson, request } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';
import { PAGE_LOAD, state } from './state.js';
import { render } from './ui.js';

// ---- signing in --------------------------------------------------------------------------------------------------

export function showUser() {
  const box = $('#user');
  box.hidden = !state.me;
  if (state.me) {
    $('#user-name').textContent = `${state.me.displayName} · ${t(state.me.role)}`;
    $('#user-scope').textContent = state.me.scope.county ? state.me.scope.label : t('everywhere');
  }
  // a link shows when the role has its permission; the county's month-end is not a village officer's page
  document.querySelectorAll('[data-perm]').forEach((el) => {
    el.hidden = !may(el.dataset.perm) || (el.dataset.scope === 'county' && !!(state.me && state.me.scope.village));
  });
}

/** Below 1100 px the menu folds behind its button; choosing a page folds it again. */
export function setMenu(open) {
  document.querySelector('header').classList.toggle('open', open);
  $('#nav-toggle').setAttribute('aria-expanded', String(open));
}

$('#nav-toggle').addEventListener('click', () => setMenu(!document.querySelector('header').classList.contains('open')));

document.querySelectorAll('#nav a').forEach((a) => a.addEventListener('click', () => setMenu(false)));

/** The sign-in form in place of the page; on success the page the address names is shown. */
export function showSignIn() {
  state.villagesCache = null; // the next user's scope may differ
  state.registryVillagesCache = null;
  $('#counters').textContent = '–';
  $('#nav-alert-count').textContent = '';
  showUser();
  const error = h('p', { class: 'error', id: 'login-error', hidden: true });
  const user = h('input', { type: 'text', id: 'login-username', autocomplete: 'username', required: true, maxlength: 64 });
  const pass = h('input', { type: 'password', id: 'login-password', autocomplete: 'current-password', required: true, maxlength: 200 });
  const form = h('form', { class: 'panel login', id: 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      state.me = await request('POST', '/api/session', { username: user.value.trim(), password: pass.value });
      render();
    } catch (err) {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
    }
  } }, h('h2', { text: t('sign_in_title') }),
  h('label', {}, t('username'), user), h('label', {}, t('password'), pass), error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'login-submit', text: t('sign_in') })));
  const view = h('div', { id: 'view', dataset: { page: 'login', ready: 'true', render: `${PAGE_LOAD}-login-${++state.renderToken}` } }, form);
  $('#view').replaceWith(view);
  $('#error').hidden = true;
  user.focus();
}

/** The forced change of a one-time password, before anything else. */
export function showChangePassword() {
  showUser();
  const error = h('p', { class: 'error', id: 'password-error', hidden: true });
  const current = h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', required: true, minlength: 10 });
  const again = h('input', { type: 'password', id: 'pw-again', autocomplete: 'new-password', required: true, minlength: 10 });
  const form = h('form', { class: 'panel login', id: 'password-form', onsubmit: async (e) => {
    e.preventDefault();
    if (next.value !== again.value) { error.textContent = t('passwords_differ'); error.hidden = false; return; }
    try {
      state.me = await postJson('/api/session/password', { current: current.value, password: next.value });
      render();
    } catch (err) {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
    }
  } }, h('h2', { text: t('change_password_title') }), h('p', { class: 'muted', text: t('must_change') }),
  h('label', {}, t('current_password'), current), h('label', {}, t('new_password'), next), h('label', {}, t('repeat_password'), again), error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'password-submit', text: t('confirm') })));
  $('#view').replaceWith(h('div', { id: 'view', dataset: { page: 'password', ready: 'true', render: `${PAGE_LOAD}-password-${++state.renderToken}` } }, form));
}

$('#logout').addEventListener('click', async () => {
  try { await request('DELETE', '/api/session'); } catch (e) { /* signed out either way */ }
  state.me = null;
  showSignIn();
});
