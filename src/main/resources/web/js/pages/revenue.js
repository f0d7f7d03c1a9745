// pvmon dashboard: revenue by village and month (#/revenue).
import { getJson } from '../api.js';
import { chart, COLORS } from '../charts.js';
import { h, link, table } from '../dom.js';
import { addMonths, num, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { setQuery } from '../ui.js';

export async function revenuePage(view, token, query) {
  const end = /^\d{4}-\d{2}$/.test(query.month || '') && query.month <= state.clock.month ? query.month : state.clock.month;
  const months = [];
  for (let i = 5; i >= 0; i--) { const m = addMonths(end, -i); if (m >= '2014-01') months.push(m); }
  const [registryStations, ...results] = await Promise.all([getJson('/api/registry/stations'),
    ...months.map((m) => getJson(`/api/revenue/monthly?month=${m}`))]);
  if (token !== state.renderToken) return;
  // A village's month without a single reading is "no data", not 0.00 (an idle station that reported is 0.00).
  const owned = new Map();
  for (const st of registryStations) for (const o of st.owners || []) owned.set(o.village, [...(owned.get(o.village) || []), st.id]);
  const hasData = (v, r) => {
    const days = r.partial ? Number(state.clock.today.slice(8, 10)) : new Date(Date.UTC(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7)), 0)).getUTCDate();
    const ids = new Set(owned.get(v) || []);
    return r.stations.some((x) => ids.has(x.station) && (num(x.energyKwh) > 0 || x.daysWithoutDataCount < days));
  };
  const noData = () => h('span', { class: 'nodata', text: t('no_data_month') });
  const names = new Map();
  const byVillage = new Map(); // id -> month -> {benchmark, subsidy, total}
  results.forEach((r) => r.villages.forEach((v) => {
    names.set(v.village, v.name);
    if (!byVillage.has(v.village)) byVillage.set(v.village, new Map());
    byVillage.get(v.village).set(r.month, { b: num(v.benchmarkYuan), s: num(v.subsidyYuan), total: num(v.totalYuan) });
  }));
  const ids = [...byVillage.keys()].sort((a, b) => names.get(a).localeCompare(names.get(b), 'zh-CN'));
  const selected = ids.includes(query.village) ? query.village : '';
  const monthSelect = h('input', { type: 'month', id: 'f-month', value: end, max: state.clock.month, min: '2014-01',
    onchange: (e) => setQuery('#/revenue', { month: e.target.value, village: selected }) });
  const villageSelect = h('select', { id: 'f-village', onchange: (e) => setQuery('#/revenue', { month: end, village: e.target.value }) },
    h('option', { value: '', text: t('all_villages') }), ids.map((v) => h('option', { value: v, text: names.get(v), selected: v === selected })));
  const chartBox = h('div', { class: 'chart', id: 'chart-revenue' });
  const monthLabel = (r) => r.month + (r.partial ? '*' : '');
  const columns = [
    { label: t('village'), cell: (v) => h('span', {}, names.get(v), ' ', link('#/statements?village=' + encodeURIComponent(v), t('statements_link'))) },
    ...results.map((r) => ({ label: monthLabel(r), num: true, cell: (v) => (hasData(v, r) ? yuan((byVillage.get(v).get(r.month) || {}).total) : noData()) })),
    { label: t('total'), num: true, cell: (v) => yuan([...byVillage.get(v).values()].reduce((a, x) => a + x.total, 0)) },
  ];
  const monthTotal = (r) => r.villages.reduce((a, v) => a + num(v.totalYuan), 0);
  const foot = [t('total'), ...results.map((r) => yuan(monthTotal(r))), yuan(results.reduce((a, r) => a + monthTotal(r), 0))];
  view.append(h('section', { class: 'panel' },
    h('h2', { text: t('revenue_title') }),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('months_ending') + ' ', monthSelect), h('label', {}, t('village') + ' ', villageSelect)),
    chartBox,
    table(columns, ids, { id: 'revenue-table', rowProps: (v) => ({ class: 'village', dataset: { village: v } }), foot, emptyText: t('no_rows'), grid: true }),
    results.some((r) => r.partial) ? h('p', { class: 'muted', text: t('partial_note') }) : null));
  const part = (r, key) => {
    if (selected) { const x = byVillage.get(selected).get(r.month); return x ? Number(x[key].toFixed(2)) : 0; }
    return Number(r.villages.reduce((a, v) => a + num(key === 'b' ? v.benchmarkYuan : v.subsidyYuan), 0).toFixed(2));
  };
  chart(chartBox, {
    title: { text: t('revenue_chart', selected ? names.get(selected) : t('all_villages')), textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { data: [t('benchmark'), t('subsidy')], right: 0, top: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: results.map(monthLabel) },
    yAxis: { type: 'value', name: t('yuan_unit') },
    series: [
      { name: t('benchmark'), type: 'bar', stack: 'y', data: results.map((r) => part(r, 'b')), itemStyle: { color: COLORS.blue } },
      { name: t('subsidy'), type: 'bar', stack: 'y', data: results.map((r) => part(r, 's')), itemStyle: { color: COLORS.accent } },
    ],
  });
}
