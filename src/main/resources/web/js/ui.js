// pvmon dashboard: what every page shares: the step dialog, errors under the header, the address's query, village choosers, the
// note shown after an action, and render() (main.js registers the router's).
import { errorNode, getJson } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';

let renderer = () => {};

/** Registers the router's render (main.js). */
export function onRender(fn) {
  renderer = fn;
}

/** Renders the page the address names again (after an action, a new language, a sign-in). */
export function render() {
  return renderer();
}

// ---- dialog (acknowledge, resolve, approve, publish, pay) ---------------------------------------------------------

/**
 * Asks to confirm (and, with {@code withComment}, why); resolves to {comment} or null when cancelled. The actor is the
 * signed-in user. {@code extra}: nodes shown above the comment (e.g. the amount to confirm); {@code check()}: an error
 * text that keeps the dialog open, or null; {@code commentRequired}: the comment may not be empty.
 */
export function askStep(title, what, withComment, { extra, check, commentRequired, placeholder } = {}) {
  const dialog = $('#step-dialog');
  $('#step-title').textContent = title;
  $('#step-what').textContent = what;
  $('#step-actor').textContent = t('acting_as', state.me ? `${state.me.displayName} (${state.me.username})` : '');
  $('#step-comment').value = '';
  $('#step-comment').placeholder = placeholder || '';
  $('#step-comment-label').hidden = !withComment;
  $('#step-error').hidden = true;
  $('#step-extra').replaceChildren(...(extra || []));
  return new Promise((resolve) => {
    const done = (value) => {
      $('#step-form').onsubmit = null;
      $('#step-cancel').onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    $('#step-form').onsubmit = (e) => {
      e.preventDefault();
      const comment = $('#step-comment').value.trim() || null;
      const problem = (commentRequired && !comment) ? t('comment_required') : (check ? check() : null);
      if (problem) { $('#step-error').textContent = problem; $('#step-error').hidden = false; return; }
      done({ comment });
    };
    $('#step-cancel').onclick = () => done(null);
    dialog.onclose = () => done(null);
    dialog.showModal();
    const first = $('#step-extra').querySelector('input');
    (first || (withComment ? $('#step-comment') : $('#step-ok'))).focus();
  });
}

/** An error under the header: loading a page ({@code action} false) or an action that did not go through. */
export function showError(e, action) {
  $('#error').replaceChildren(errorNode(e, action ? t('action_failed') : t('load_failed')));
  $('#error').hidden = false;
}

/** Runs an action of a button; its error is told as an action's, not as a page that failed to load. */
export async function act(fn) {
  try { await fn(); } catch (e) { showError(e, true); }
}

export function parseQuery(q) {
  return Object.fromEntries(new URLSearchParams(q || ''));
}

export function setQuery(path, params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  location.hash = path + (q ? '?' + q : '');
}

export async function villages() {
  if (!state.villagesCache) {
    state.villagesCache = (await getJson(`/api/revenue/monthly?month=${state.clock.month}`)).villages.map((v) => ({ village: v.village, name: v.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
  return state.villagesCache;
}

/** The villages of the caller's scope from the register (id, name, township, county). */
export async function registryVillages() {
  if (!state.registryVillagesCache) {
    state.registryVillagesCache = (await getJson('/api/registry/villages')).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
  return state.registryVillagesCache;
}

/** A select of the scope's villages; choosing one goes to {@code route} with it. */
export function villageChooser(list, village, route, extra = {}) {
  return h('label', {}, t('choose_village') + ' ', h('select', { id: 'f-village', onchange: (e) => setQuery(route, { ...extra, village: e.target.value }) },
    list.map((v) => h('option', { value: v.id, text: list.some((o) => o.name === v.name && o.id !== v.id) ? `${v.township} ${v.name}` : v.name,
      selected: v.id === village }))));
}

export function takeFlash(page) {
  if (!state.flash || state.flash.page !== page) return null;
  const f = state.flash;
  state.flash = null;
  return h('p', { class: 'notice', id: 'flash', text: f.text });
}
