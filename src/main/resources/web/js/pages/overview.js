// pvmon dashboard: the fleet overview (#/) and one station (#/station/{id}).
import { getJson, may } from '../api.js';
import { chart, COLORS } from '../charts.js';
import { badge, esc, h, link, stationLink, table } from '../dom.js';
import { addDays, fmt, localTime, num, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state, ZONE } from '../state.js';
import { alertColumns, alertStep, alertText } from './alerts.js';
import { render, setQuery } from '../ui.js';

export async function overviewPage(view, token) {
  const today = state.clock.today;
  const [stations, energy, revenue, open] = await Promise.all([
    getJson('/api/stations'),
    getJson(`/api/energy/daily?from=${today}&to=${today}`),
    may('MONEY_READ') ? getJson(`/api/revenue/monthly?month=${state.clock.month}`) : { stations: [], totals: { totalYuan: null } },
    getJson('/api/alerts?status=open'),
  ]);
  if (token !== state.renderToken) return;
  const kwhToday = new Map(energy.stations.map((s) => [s.station, s.days.some((d) => d.hasData) ? num(s.totalKwh) : null]));
  const yuanMonth = new Map(revenue.stations.map((r) => [r.station, num(r.totalYuan)]));
  const alertsOf = new Map();
  for (const a of open.alerts) alertsOf.set(a.station, [...(alertsOf.get(a.station) || []), a]);
  const count = (online) => stations.filter((s) => s.online === online).length;
  const power = stations.filter((s) => s.online === 'online' && s.latest).reduce((a, s) => a + (s.latest.powerKw || 0), 0);
  let kwh = 0;
  kwhToday.forEach((v) => { kwh += v || 0; });

  // O&M on a phone: the open alerts first, each to acknowledge or resolve where it is.
  if (!may('MONEY_READ') && may('ALERT_HANDLE') && open.alerts.length) {
    view.append(h('section', { class: 'panel', id: 'open-alerts' }, h('h2', { text: `${t('open_alerts_first')} (${open.count})` }),
      h('div', { class: 'alert-cards' }, open.alerts.map((a) => h('div', { class: 'alert-card ' + a.status.toLowerCase(), dataset: { station: a.station } },
        h('div', { class: 'what' }, stationLink(a.station, a.name), ' ', badge('alert', t(a.type)), ' ', badge(a.status.toLowerCase(), t(a.status))),
        h('div', { class: 'muted', text: `${a.township} ${a.village} · ${alertText(a)}` }),
        a.acknowledged ? h('div', { class: 'muted', text: `${t('acknowledged')}：${a.acknowledged.by} ${a.acknowledged.comment || ''}` }) : null,
        h('div', { class: 'actions' },
          a.status === 'OPEN' ? h('button', { type: 'button', class: 'ack', text: t('acknowledge'), onclick: () => alertStep(a, 'acknowledge', () => render()) }) : null,
          h('button', { type: 'button', class: 'resolve', text: t('resolve'), onclick: () => alertStep(a, 'resolve', () => render()) })))))));
  }
  const card = (id, label, value, cls, href) => h(href ? 'a' : 'div', { class: 'card ' + (cls || ''), href },
    h('div', { class: 'label', text: label }), h('div', { class: 'value', id, text: value }));
  view.append(h('section', { class: 'cards', id: 'summary' },
    card('sum-stations', t('stations'), stations.length),
    card('sum-online', t('online'), count('online'), 'ok'),
    card('sum-offline', t('offline'), count('offline'), 'bad'),
    card('sum-nodata', t('no_data'), count('no_data')),
    card('sum-power', t('power_now'), fmt(power, 1)),
    card('sum-energy', t('energy_today'), fmt(kwh, 1)),
    may('MONEY_READ') ? card('sum-revenue', t('revenue_month'), yuan(revenue.totals.totalYuan)) : null,
    card('sum-alerts', t('open_alerts'), open.count, open.count ? 'bad' : 'ok', '#/alerts')));

  // Townships in station-file order of first appearance.
  const townships = new Map();
  for (const s of stations) {
    if (!townships.has(s.township)) townships.set(s.township, []);
    townships.get(s.township).push(s);
  }
  const sums = [...townships.entries()].map(([name, list]) => ({
    name, list, online: list.filter((s) => s.online === 'online').length,
    kwh: list.reduce((a, s) => a + (kwhToday.get(s.id) || 0), 0),
    yuan: list.reduce((a, s) => a + (yuanMonth.get(s.id) || 0), 0),
  }));
  const chartBox = h('div', { class: 'chart short', id: 'chart-townships' });
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('townships_chart') }), chartBox));

  const filter = h('input', { type: 'search', id: 'filter', placeholder: t('filter'), value: state.overviewFilter });
  view.append(h('div', { class: 'toolbar' }, filter, h('span', { class: 'updated', id: 'updated',
    text: `${t('updated')} ${localTime(state.clock.now)}` })));
  const groups = h('div', { id: 'townships' });
  view.append(groups);
  const columns = [
    { label: t('station'), cell: (s) => stationLink(s.id, s.name) },
    { label: t('village'), cell: (s) => s.village },
    { label: t('capacity'), num: true, cell: (s) => fmt(s.capacityKwp, 1) },
    { label: t('state'), cell: (s) => badge(s.online, t(s.online)) },
    { label: t('power'), num: true, cell: (s) => (s.latest ? fmt(s.latest.powerKw, 2) : '–') },
    { label: t('today'), num: true, cell: (s) => fmt(kwhToday.get(s.id), 1) },
    { label: t('month_yuan'), num: true, cell: (s) => (yuanMonth.has(s.id) ? yuan(yuanMonth.get(s.id)) : '–') },
    { label: t('last_report'), cell: (s) => (s.latest ? localTime(s.latest.time) : '–') },
    { label: t('open_alerts'), cell: (s) => h('span', {}, (alertsOf.get(s.id) || []).map((a) => badge('alert', t(a.type)))) },
  ];
  const renderGroups = () => {
    const q = filter.value.trim().toLowerCase();
    groups.replaceChildren();
    let shown = 0;
    for (const g of sums) {
      const rows = g.list.filter((s) => !q || [s.id, s.name, s.township, s.village].some((v) => (v || '').toLowerCase().includes(q)));
      if (rows.length === 0) continue;
      shown += rows.length;
      groups.append(h('section', { class: 'township', dataset: { township: g.name } },
        h('h2', {}, g.name, h('span', { class: 'sub', text: t('township_summary', g.list.length, g.online, fmt(g.kwh, 1), yuan(g.yuan)) })),
        table(columns, rows, { rowProps: (s) => ({ class: 'station', dataset: { id: s.id } }) })));
    }
    if (shown === 0) groups.append(h('p', { class: 'muted', text: t('no_rows') }));
  };
  filter.addEventListener('input', () => { state.overviewFilter = filter.value; renderGroups(); });
  renderGroups();

  chart(chartBox, {
    tooltip: { trigger: 'axis' },
    legend: { data: may('MONEY_READ') ? [t('today'), t('month_yuan')] : [t('today')], top: 0 },
    grid: { left: 10, right: 10, top: 56, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: sums.map((g) => g.name) },
    yAxis: [{ type: 'value', name: 'kWh' }, { type: 'value', name: t('yuan_unit'), show: may('MONEY_READ'), splitLine: { show: false } }],
    series: [
      { name: t('today'), type: 'bar', data: sums.map((g) => Number(g.kwh.toFixed(1))), itemStyle: { color: COLORS.accent } },
      may('MONEY_READ') ? { name: t('month_yuan'), type: 'bar', yAxisIndex: 1, data: sums.map((g) => Number(g.yuan.toFixed(2))), itemStyle: { color: COLORS.blue } } : null,
    ].filter(Boolean),
  });
}

export async function stationPage(view, token, id, q = {}) {
  const today = state.clock.today;
  const enc = encodeURIComponent(id);
  // the curve: one day's readings (or its hourly means once InfluxDB no longer keeps them), or the hourly means of 7 / 30 days
  const span = ['7', '30'].includes(q.curve) ? Number(q.curve) : 1;
  const curveDay = span === 1 && /^\d{4}-\d{2}-\d{2}$/.test(q.date || '') && q.date <= today ? q.date : today;
  const curveUrl = span === 1 ? `/api/stations/${enc}/power?date=${curveDay}` : `/api/stations/${enc}/power?from=${addDays(today, 1 - span)}&to=${today}`;
  const [s, curve, days, alerts, revenue] = await Promise.all([
    getJson(`/api/stations/${enc}`),
    getJson(curveUrl),
    getJson(`/api/stations/${enc}/energy/daily?from=${addDays(today, -29)}&to=${today}`),
    getJson('/api/alerts?status=all'),
    may('MONEY_READ') ? getJson(`/api/stations/${enc}/revenue/monthly?month=${state.clock.month}`) : { totalYuan: null },
  ]);
  if (token !== state.renderToken) return;
  view.append(h('p', { class: 'crumbs' }, link('#/', t('nav_overview')), ` › ${s.township} › ${s.village}`));
  view.append(h('section', { class: 'panel', id: 'detail' },
    h('h2', { id: 'detail-title' }, `${s.name} (${s.id}) `, badge(s.online, t(s.online))),
    h('div', { class: 'detail-meta', id: 'detail-meta', text: `${s.county} ${s.township} ${s.village} · ${t('capacity_short')} ${fmt(s.capacityKwp, 1)} kWp · `
      + `${t('grid_date')} ${s.gridConnectionDate} · ${t('power')} ${s.latest ? fmt(s.latest.powerKw, 2) : '–'} · `
      + `${t('last_report')} ${s.latest ? localTime(s.latest.time) : '–'} · ${t('month_yuan')} ${yuan(revenue.totalYuan)}` })));
  const curveBox = h('div', { class: 'chart', id: 'chart-power' });
  const dailyBox = h('div', { class: 'chart', id: 'chart-daily' });
  const go = (curveSpan, date) => setQuery('/station/' + encodeURIComponent(id), { curve: curveSpan === '1' ? '' : curveSpan, date: curveSpan === '1' && date !== today ? date : '' });
  const curveControls = h('div', { class: 'toolbar filters', id: 'curve-controls' },
    h('label', {}, t('curve_span') + ' ', h('select', { id: 'f-curve', onchange: (e) => go(e.target.value, curveDay) },
      [['1', t('curve_day')], ['7', t('curve_days', 7)], ['30', t('curve_days', 30)]].map(([v, text]) => h('option', { value: v, text, selected: String(span) === v })))),
    span === 1 ? h('label', {}, t('date') + ' ', h('input', { type: 'date', id: 'f-curve-date', value: curveDay, max: today, onchange: (e) => e.target.value && go('1', e.target.value) })) : null,
    h('span', { class: 'muted', id: 'curve-resolution', text: curve.resolution === 'hour' ? t('hourly_means') : t('raw_readings') }));
  const curveTitle = span === 1 ? t('curve_of', curve.date) : t('curve_of', `${curve.from} – ${curve.to}`);
  view.append(h('div', { class: 'two' },
    h('section', { class: 'panel' }, h('h2', { text: curveTitle }), curveControls, curveBox),
    h('section', { class: 'panel' }, h('h2', { text: t('daily_of') }), dailyBox)));
  const mine = alerts.alerts.filter((a) => a.station === id);
  const refresh = () => render();
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('alerts_of_station') }),
    table(alertColumns({ withStation: false, withActions: true, onDone: refresh }), mine,
      { id: 'station-alerts', rowProps: (a) => ({ class: 'alert', dataset: { id: String(a.id) } }), emptyText: t('no_alerts') })));

  const clockFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const minutesOf = (iso) => {
    const [hh, mm] = clockFmt.format(new Date(iso)).split(':').map(Number);
    return hh * 60 + mm;
  };
  const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, month: '2-digit', day: '2-digit' });
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;
  if (span === 1) {
    // one day: the hours of the day on the axis, the readings or (of a day InfluxDB no longer keeps) the hourly means
    const hourly = curve.resolution === 'hour';
    chart(curveBox, {
      tooltip: { trigger: 'axis', formatter: (p) => `${hhmm(p[0].value[0])}${hourly ? ' ' + t('hour_mean') : ''}<br>${fmt(p[0].value[1], 2)} kW` },
      grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 1440, interval: 180, axisLabel: { formatter: hhmm } },
      yAxis: { type: 'value', name: 'kW', max: (v) => Math.max(v.max, s.capacityKwp) },
      series: [{ type: 'line', showSymbol: false, step: hourly ? 'start' : false, areaStyle: { opacity: 0.15 }, itemStyle: { color: COLORS.accent },
        data: curve.points.filter((p) => p.powerKw !== null).map((p) => [minutesOf(p.time) + (hourly ? 60 : 0), Math.max(0, p.powerKw)]) }],
    });
  } else {
    // several days: hourly means (and each hour's highest reading) on a time axis
    chart(curveBox, {
      tooltip: { trigger: 'axis', formatter: (p) => `${localTime(new Date(p[0].value[0]).toISOString())}<br>`
        + p.map((x) => `${x.seriesName} ${fmt(x.value[1], 2)} kW`).join('<br>') },
      legend: { data: [t('hour_mean'), t('hour_max')], top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 30 },
      // the range's local days on the axis, labelled by day in Asia/Shanghai whatever the browser's zone
      xAxis: { type: 'time', min: Date.parse(`${curve.from}T00:00:00+08:00`), max: Date.parse(`${addDays(curve.to, 1)}T00:00:00+08:00`),
        axisLabel: { formatter: (v) => { const p = Object.fromEntries(dayFmt.formatToParts(new Date(v)).map((x) => [x.type, x.value])); return `${p.month}-${p.day}`; } } },
      yAxis: { type: 'value', name: 'kW', max: (v) => Math.max(v.max, s.capacityKwp) },
      series: [
        { name: t('hour_mean'), type: 'line', showSymbol: false, areaStyle: { opacity: 0.15 }, itemStyle: { color: COLORS.accent },
          data: curve.points.filter((p) => p.powerKw !== null).map((p) => [Date.parse(p.time), Math.max(0, p.powerKw)]) },
        { name: t('hour_max'), type: 'line', showSymbol: false, lineStyle: { width: 1, type: 'dashed' }, itemStyle: { color: COLORS.light },
          data: curve.points.filter((p) => p.powerMaxKw !== null).map((p) => [Date.parse(p.time), Math.max(0, p.powerMaxKw)]) },
      ],
    });
  }
  chart(dailyBox, {
    tooltip: { trigger: 'axis', formatter: (p) => {
      const d = days.days[p[0].dataIndex];
      return `${d.date}<br>${d.hasData ? fmt(d.kwh, 1) + ' kWh' : t('no_data_day')}${d.estimated ? ' (' + t('estimated') + ')' : ''}`
        + d.notes.map((n) => '<br>' + esc(n)).join('');
    } },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: days.days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', name: 'kWh' },
    series: [{ type: 'bar', data: days.days.map((d) => ({ value: d.hasData ? num(d.kwh) : null,
      itemStyle: { color: d.estimated ? COLORS.grey : COLORS.light } })) }],
  });
}
