// pvmon dashboard: the service's JSON API: request/getJson/postJson/sendFile with the session's CSRF token, errors by their code.
import { h } from './dom.js';
import { I18N, t } from './i18n.js';
import { state } from './state.js';

/** What to do when the service answers 401 (the session ended): the session module shows the sign-in form. */
let signedOut = () => {};
export function onSignedOut(fn) {
  signedOut = fn;
}

/** An answer of the service that is not 2xx: its status and its JSON error body. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || String(status));
    this.status = status;
    this.code = body && body.error;
    this.body = body || {};
  }
}

/** What the user reads of an error: the code translated ("err_" + code), the service's own words only as a detail. */
export function errorText(e) {
  if (e instanceof ApiError) {
    const key = 'err_' + (e.code || 'http');
    return I18N[state.lang][key] !== undefined ? t(key) : t('err_http', e.status);
  }
  return t('err_network');
}

/** The error as a node: the translated sentence, the service's message folded away under 详情 / Details. */
export function errorNode(e, prefix) {
  const box = h('span', {}, (prefix || '') + errorText(e));
  const detail = e instanceof ApiError ? e.message : (e && e.message) || String(e);
  if (detail && detail !== String(e.status)) {
    box.append(' ', h('details', { class: 'error-detail' }, h('summary', { text: t('detail') }), h('code', { text: detail })));
  }
  return box;
}

export const may = (permission) => !!(state.me && state.me.permissions.includes(permission));

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.me && state.me.csrfToken) headers['X-CSRF-Token'] = state.me.csrfToken;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401 && path !== '/api/session') { state.me = null; signedOut(); }
    throw new ApiError(r.status, json);
  }
  return json;
}

export const getJson = (path) => request('GET', path);

export const postJson = (path, body) => request('POST', path, body === undefined ? {} : body);

/** Sends a file as it is (a CSV or XLSX upload); resolves to the JSON answer, or throws an ApiError. */
export async function sendFile(method, path, file) {
  const type = /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  const headers = { Accept: 'application/json', 'Content-Type': type };
  if (state.me && state.me.csrfToken) headers['X-CSRF-Token'] = state.me.csrfToken;
  const r = await fetch(path, { method, headers, body: file, credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401) { state.me = null; signedOut(); }
    throw new ApiError(r.status, json);
  }
  return json;
}
