// pvmon dashboard: users and API tokens (#/users), for administrators.
import { getJson, postJson, request } from '../api.js';
import { h, table } from '../dom.js';
import { localTime } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { render, showError } from '../ui.js';

export const ROLES = ['ADMIN', 'COUNTY_MANAGER', 'TOWNSHIP_OFFICER', 'VILLAGE_OFFICER', 'OM', 'AUDITOR'];

export async function usersPage(view, token) {
  const [users, tokens, villages] = await Promise.all([getJson('/api/users'), getJson('/api/tokens'), getJson('/api/registry/villages')]);
  if (token !== state.renderToken) return;
  if (state.shownOnce) {
    view.append(h('div', { class: 'notice', id: 'shown-once' }, h('span', { text: state.shownOnce.label + ' ' }), h('code', { id: 'secret', text: state.shownOnce.secret })));
    state.shownOnce = null;
  }
  const act = async (fn) => { try { await fn(); render(); } catch (e) { showError(e, true); } };
  const status = (u) => (u.disabled ? t('disabled') : u.lockedUntil ? t('locked') : u.mustChangePassword ? t('change_password_title') : t('active'));
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('users_title') }));
  panel.append(table([
    { label: t('username'), cell: (u) => u.username }, { label: t('display_name'), cell: (u) => u.displayName },
    { label: t('role'), cell: (u) => t(u.role) }, { label: t('scope'), cell: (u) => (u.scope.county ? u.scope.label : t('everywhere')) },
    { label: t('status'), cell: (u) => status(u) },
    { label: t('actions'), cell: (u) => h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'reset', text: t('reset_password'), onclick: () => act(async () => {
        const r = await postJson(`/api/users/${u.id}/password`, {});
        state.shownOnce = { label: t('one_time', r.username), secret: r.oneTimePassword };
      }) }),
      u.id === state.me.id ? null : h('button', { type: 'button', class: 'toggle', text: u.disabled ? t('enable') : t('disable'),
        onclick: () => act(() => request('PUT', `/api/users/${u.id}`, { disabled: !u.disabled })) })) },
  ], users, { id: 'users', rowProps: (u) => ({ class: 'user-row', dataset: { username: u.username } }) }));

  const f = {
    username: h('input', { id: 'u-username', required: true, maxlength: 64, size: 12 }),
    displayName: h('input', { id: 'u-display', maxlength: 100, size: 10 }),
    role: h('select', { id: 'u-role' }, ROLES.map((r) => h('option', { value: r, text: t(r) }))),
    county: h('input', { id: 'u-county', size: 8 }), township: h('input', { id: 'u-township', size: 8 }),
    village: h('select', { id: 'u-village' }, h('option', { value: '', text: '–' }),
      villages.map((v) => h('option', { value: v.id, text: `${v.county} ${v.township} ${v.name}` }))),
  };
  panel.append(h('form', { class: 'form-row', id: 'user-form', onsubmit: (e) => {
    e.preventDefault();
    const scope = f.village.value ? { village: f.village.value } : { county: f.county.value || null, township: f.township.value || null };
    act(async () => {
      const r = await postJson('/api/users', { username: f.username.value, displayName: f.displayName.value || null, role: f.role.value, scope });
      state.shownOnce = { label: t('one_time', r.username), secret: r.oneTimePassword };
    });
  } }, h('label', {}, t('username'), f.username), h('label', {}, t('display_name'), f.displayName), h('label', {}, t('role'), f.role),
  h('label', {}, t('county'), f.county), h('label', {}, t('township'), f.township), h('label', {}, t('village'), f.village),
  h('button', { type: 'submit', class: 'primary', id: 'u-create', text: t('create_user') })));
  view.append(panel);

  const tokenPanel = h('section', { class: 'panel' }, h('h2', { text: t('tokens_title') }));
  tokenPanel.append(table([
    { label: '#', cell: (k) => k.id }, { label: t('for_user'), cell: (k) => k.user }, { label: t('token_name'), cell: (k) => k.name },
    { label: 'token', cell: (k) => k.hint }, { label: t('created'), cell: (k) => localTime(k.createdAt) },
    { label: t('last_used'), cell: (k) => localTime(k.lastUsedAt) }, { label: t('expires'), cell: (k) => localTime(k.expiresAt, true) },
    { label: t('status'), cell: (k) => (k.revokedAt ? `${t('revoked')} ${localTime(k.revokedAt)}` : t('active')) },
    { label: t('actions'), cell: (k) => (k.revokedAt ? '' : h('button', { type: 'button', class: 'revoke', text: t('revoke'),
      onclick: () => act(() => request('DELETE', `/api/tokens/${k.id}`)) })) },
  ], tokens, { id: 'tokens' }));
  const k = {
    user: h('select', { id: 'k-user' }, users.filter((u) => !u.disabled).map((u) => h('option', { value: u.username, text: u.username }))),
    name: h('input', { id: 'k-name', required: true, maxlength: 100, size: 14 }),
    days: h('input', { id: 'k-days', type: 'number', min: 1, max: 3650, size: 5 }),
  };
  tokenPanel.append(h('form', { class: 'form-row', id: 'token-form', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      const r = await postJson('/api/tokens', { user: k.user.value, name: k.name.value, expiresInDays: k.days.value ? Number(k.days.value) : null });
      state.shownOnce = { label: t('token_secret'), secret: r.secret };
    });
  } }, h('label', {}, t('for_user'), k.user), h('label', {}, t('token_name'), k.name), h('label', {}, t('expires_days'), k.days),
  h('button', { type: 'submit', class: 'primary', id: 'k-create', text: t('create_token') })));
  view.append(tokenPanel);
}
