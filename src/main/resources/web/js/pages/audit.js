// pvmon dashboard: the audit log (#/audit), for auditors and administrators.
import { getJson } from '../api.js';
import { h, link, table } from '../dom.js';
import { localTime } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { setQuery, showError } from '../ui.js';

export async function auditPage(view, token, query) {
  const params = new URLSearchParams();
  for (const k of ['from', 'to', 'actor', 'action', 'before']) if (query[k]) params.set(k, query[k]);
  const page = await getJson('/api/audit?' + params);
  if (token !== state.renderToken) return;
  const input = (id, type, value, size) => h('input', { id, type, value: value || '', size });
  const f = { from: input('a-from', 'date', query.from), to: input('a-to', 'date', query.to), actor: input('a-actor', 'text', query.actor, 12),
    action: input('a-action', 'text', query.action, 14) };
  const filters = () => ({ from: f.from.value, to: f.to.value, actor: f.actor.value.trim(), action: f.action.value.trim() });
  const exportParams = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
  const result = h('span', { id: 'audit-verify-result' });
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('audit_title') }),
    h('form', { class: 'form-row', id: 'audit-filter', onsubmit: (e) => { e.preventDefault(); setQuery('#/audit', filters()); } },
      h('label', {}, t('date') + ' ≥', f.from), h('label', {}, t('date') + ' ≤', f.to), h('label', {}, t('actor'), f.actor),
      h('label', {}, t('action'), f.action), h('button', { type: 'submit', text: t('confirm') }),
      h('a', { class: 'button', id: 'audit-export', href: '/api/audit/export.csv?' + exportParams, text: t('export_csv') }),
      h('button', { type: 'button', id: 'audit-verify', text: t('audit_verify'), onclick: async () => {
        try {
          const v = await getJson('/api/audit/verify');
          result.className = v.intact ? 'ok' : 'error';
          result.textContent = v.intact ? '✓ ' + t('audit_intact', v.entries) : '✗ ' + t('audit_broken', v.firstBadSeq, v.problem);
        } catch (e) { showError(e, true); }
      } }), result));
  panel.append(table([
    { label: '#', cell: (e) => e.seq }, { label: t('at'), cell: (e) => localTime(e.at, true) }, { label: t('actor'), cell: (e) => e.actor },
    { label: t('action'), cell: (e) => e.action }, { label: t('audit_target'), cell: (e) => e.target }, { label: t('detail'), class: 'who', cell: (e) => e.detail },
    { label: t('from'), cell: (e) => e.from },
  ], page.entries, { id: 'audit', rowProps: (e) => ({ class: 'audit-row', dataset: { action: e.action } }), emptyText: t('no_entries') }));
  if (page.next) panel.append(h('p', {}, link('#/audit?' + new URLSearchParams({ ...Object.fromEntries(params), before: page.next }), '→ ' + page.next)));
  view.append(panel);
}
