// pvmon dashboard: alerts (#/alerts): what happened, whom it affects, acknowledge and resolve.
import { getJson, may, postJson } from '../api.js';
import { $, badge, h, stationLink, table } from '../dom.js';
import { fmt, localTime, num, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { askStep, render, setQuery, showError } from '../ui.js';

export function alertColumns({ withStation, withActions, onDone }) {
  const cols = [];
  cols.push({ label: '#', cell: (a) => a.id });
  if (withStation) {
    cols.push({ label: t('station'), cell: (a) => h('span', {}, stationLink(a.station, a.name), h('br'),
      h('span', { class: 'muted', text: `${a.township} ${a.village}` })) });
  }
  cols.push(
    { label: t('alert_type'), class: 'type', cell: (a) => t(a.type) },
    { label: t('what_happened'), class: 'who', cell: (a) => alertText(a) },
    { label: t('affected'), class: 'who', cell: (a) => affectedText(a) },
    { label: t('lost_kwh'), num: true, cell: (a) => fmt(num(a.lostKwh), 1) },
    { label: t('lost_yuan'), num: true, cell: (a) => yuan(num(a.lostYuan)) },
    { label: t('alert_status'), cell: (a) => badge(a.status.toLowerCase(), t(a.status)) },
    { label: t('acknowledged'), class: 'who', cell: (a) => (a.acknowledged
      ? `${a.acknowledged.by} ${localTime(a.acknowledged.at)}${a.acknowledged.comment ? ': ' + a.acknowledged.comment : ''}` : '') },
    { label: t('resolved'), class: 'who', cell: (a) => (a.resolved
      ? `${a.resolved.by === 'auto' ? t('auto') : a.resolved.by} ${localTime(a.resolved.at)}${a.resolved.comment ? ': ' + stepComment(a.resolved) : ''}` : '') },
  );
  if (withActions && may('ALERT_HANDLE')) {
    cols.push({ label: t('actions'), cell: (a) => (a.status === 'RESOLVED' ? '' : h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'ack', text: t('acknowledge'), onclick: () => alertStep(a, 'acknowledge', onDone) }),
      h('button', { type: 'button', class: 'resolve', text: t('resolve'), onclick: () => alertStep(a, 'resolve', onDone) }))) });
  }
  return cols;
}

/** What the alert means, in the user's language, from its fields (the rules' own detail is English: English UI only). */
export function alertText(a) {
  const since = localTime(a.since);
  const lost = t('lost_so_far', fmt(num(a.lostKwh), 1), yuan(num(a.lostYuan)));
  const what = { OFFLINE: t('alert_offline', since), IDLE: t('alert_idle', since), UNDERPERFORMING: t('alert_under', since),
    METER: t('alert_meter', since) }[a.type] || t(a.type);
  return state.lang === 'en' && a.detail ? `${what}; ${lost} (${a.detail})` : `${what}；${lost}`;
}

/** The villages whose income the station's loss is, and their households enrolled today. */
export function affectedText(a) {
  const vs = a.affectedVillages || [];
  if (!vs.length) return '–';
  return vs.map((v) => t('affected_village', v.name, fmt(num(v.share) * 100, 0), v.households)).join(state.lang === 'en' ? '; ' : '；')
    + (vs.length > 1 ? ` (${t('households_n', a.affectedHouseholds)})` : '');
}

/** A step's comment; the service's own ("the station recovered") in the user's language. */
export function stepComment(step) {
  return step.comment === 'the station recovered' ? t('station_recovered') : step.comment;
}

export async function alertStep(a, step, onDone) {
  const answer = await askStep(t(step === 'acknowledge' ? 'ack_title' : 'resolve_title'),
    `#${a.id} ${a.name || a.station} · ${t(a.type)} · ${t('since')} ${localTime(a.since)}`, true);
  if (!answer) return;
  try {
    await postJson(`/api/alerts/${a.id}/${step}`, answer);
    onDone();
  } catch (e) {
    showError(e, true);
  }
}

export async function alertsPage(view, token, query) {
  const status = query.status === 'all' ? 'all' : 'open';
  const [list, stations] = await Promise.all([getJson(`/api/alerts?status=${status}`), getJson('/api/stations')]);
  if (token !== state.renderToken) return;
  const townships = [...new Set(stations.map((s) => s.township))];
  const select = (id, value, options, onchange) => h('select', { id, onchange }, options.map(([v, label]) => h('option', { value: v, text: label, selected: v === (value || '') })));
  const go = () => setQuery('#/alerts', { status: $('#f-status').value === 'all' ? 'all' : '', type: $('#f-type').value, township: $('#f-township').value });
  const rows = list.alerts.filter((a) => (!query.type || a.type === query.type) && (!query.township || a.township === query.township));
  const lostKwh = rows.reduce((x, a) => x + num(a.lostKwh), 0);
  const lostYuan = rows.reduce((x, a) => x + num(a.lostYuan), 0);
  view.append(h('section', { class: 'panel' },
    h('h2', { text: t('nav_alerts') }),
    h('div', { class: 'toolbar filters' },
      h('label', {}, t('status') + ' ', select('f-status', status, [['open', t('status_open')], ['all', t('status_all')]], go)),
      h('label', {}, t('alert_type') + ' ', select('f-type', query.type, [['', t('all_types')], ...['OFFLINE', 'IDLE', 'UNDERPERFORMING', 'METER'].map((k) => [k, t(k)])], go)),
      h('label', {}, t('township') + ' ', select('f-township', query.township, [['', t('all_townships')], ...townships.map((x) => [x, x])], go)),
      h('span', { class: 'updated', id: 'alerts-total', text: t('alerts_total', rows.length, fmt(lostKwh, 1), yuan(lostYuan)) })),
    table(alertColumns({ withStation: true, withActions: true, onDone: () => render() }), rows,
      { id: 'alerts', rowProps: (a) => ({ class: 'alert', dataset: { id: String(a.id), station: a.station } }), emptyText: t('no_alerts') })));
}
