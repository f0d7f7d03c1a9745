// pvmon dashboard: alert notifications per receiver (#/notifications).
import { getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { localTime } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { setQuery } from '../ui.js';

export async function notificationsPage(view, token, query) {
  const status = ['pending', 'sent', 'failed'].includes(query.status) ? query.status : 'all';
  const list = await getJson(`/api/notifications?status=${status}&limit=200`);
  if (token !== state.renderToken) return;
  const select = h('select', { id: 'f-status', onchange: (e) => setQuery('#/notifications', { status: e.target.value === 'all' ? '' : e.target.value }) },
    [['all', t('all')], ['pending', t('status_pending')], ['sent', t('status_sent')], ['failed', t('status_failed')]]
      .map(([v, l]) => h('option', { value: v, text: l, selected: v === status })));
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('notifications_title') }),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('status') + ' ', select), h('span', { class: 'updated', text: String(list.count) })),
    table([
      { label: '#', cell: (n) => n.eventId }, { label: t('event'), cell: (n) => (n.event === 'resolved' ? t('resolved_event') : t('opened')) },
      { label: t('station'), cell: (n) => n.station }, { label: t('alert_type'), cell: (n) => t(n.type) }, { label: t('at'), cell: (n) => localTime(n.at) },
      { label: t('receiver'), cell: (n) => n.receiver }, { label: t('status'), cell: (n) => badge(n.status === 'sent' ? 'resolved' : n.status === 'failed' ? 'open' : 'acknowledged', t('status_' + n.status)) },
      { label: t('attempts'), num: true, cell: (n) => n.attempts }, { label: t('sent_at'), cell: (n) => localTime(n.sentAt) },
      { label: t('next_attempt'), cell: (n) => (n.status === 'pending' ? localTime(n.nextAttemptAt) : '–') },
      { label: t('last_error'), class: 'who', cell: (n) => n.lastError || '' },
    ], list.notifications, { id: 'notifications', rowProps: (n) => ({ class: 'notification' }), emptyText: t('no_notifications') })));
}
