// pvmon dashboard: the county's month end (#/county): every village's statement and what is owed.
import { getJson, may, postJson } from '../api.js';
import { badge, h, link, table } from '../dom.js';
import { addMonths, enc, isMonth, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { act, askStep, registryVillages, render, setQuery, takeFlash } from '../ui.js';

/** Accrued, and when some of its stations' days had no readings, how many (nothing accrued for those: not a zero income). */
function accrued(v) {
  if (!v.stationDaysWithoutData) return yuan(v.accruedYuan);
  return h('span', {}, yuan(v.accruedYuan), ' ', h('span', { class: 'badge warn no-data', title: t('days_without_data_hint'),
    text: t('days_without_data', v.stationDaysWithoutData) }));
}

export async function countyPage(view, token, query) {
  const counties = state.me.scope.county ? [state.me.scope.county] : [...new Set((await registryVillages()).map((v) => v.county))].sort();
  const county = counties.includes(query.county) ? query.county : counties[0];
  const month = isMonth(query.month) && query.month < state.clock.month ? query.month : addMonths(state.clock.month, -1);
  const from = month.slice(0, 4) + '-01';
  const [roll, recv] = await Promise.all([getJson(`/api/counties/${enc(county)}/statements?month=${month}`),
    getJson(`/api/counties/${enc(county)}/receivables?from=${from}&to=${month}`)]);
  if (token !== state.renderToken) return;
  const monthInput = h('input', { type: 'month', id: 'f-month', value: month, max: addMonths(state.clock.month, -1), min: '2014-01',
    onchange: (e) => setQuery('#/county', { county, month: e.target.value }) });
  const countySelect = h('select', { id: 'f-county', onchange: (e) => setQuery('#/county', { county: e.target.value, month }) },
    counties.map((c) => h('option', { value: c, text: c, selected: c === county })));
  const tot = roll.totals;
  const statusLine = Object.entries(tot.byStatus || {}).filter(([, n]) => n > 0).map(([k, n]) => `${t(k)} ${n}`).join(' · ');
  const panel = h('section', { class: 'panel' }, h('h2', { text: `${t('county_title')} · ${county} ${month}` }), takeFlash('county'),
    h('div', { class: 'toolbar filters' }, counties.length > 1 ? h('label', {}, t('county') + ' ', countySelect) : null,
      h('label', {}, t('month') + ' ', monthInput),
      may('STATEMENT_PREPARE') ? h('button', { type: 'button', class: 'primary', id: 'btn-drafts', text: t('drafts_all'), onclick: async () => {
        if (!await askStep(t('drafts_all'), t('drafts_what', county, month), false)) return;
        act(async () => {
          const r = await postJson(`/api/counties/${enc(county)}/statements?month=${month}`);
          state.flash = { page: 'county', text: t('drafts_done', r.created, r.alreadyThere, r.nothingToDistribute) };
          render();
        });
      } }) : null,
      h('span', { class: 'updated', id: 'county-status', text: `${t('villages_n', tot.villages)} · ${statusLine}` })));
  const statusOf = (v) => (v.latestStatus || v.status);
  panel.append(table([
    { label: t('village'), cell: (v) => link(`#/statements?village=${enc(v.village)}&month=${month}`, v.name) },
    { label: t('township'), cell: (v) => v.township },
    { label: t('status'), cell: (v) => badge(statusOf(v).toLowerCase(), t(statusOf(v))) },
    { label: t('basis'), cell: (v) => (v.basis ? t(v.basis) : '–') },
    { label: t('cash_arrived'), num: true, cell: (v) => yuan(v.cashArrivedYuan) },
    { label: t('distributable_yuan'), num: true, cell: (v) => (v.distributableYuan === null ? '–' : yuan(v.distributableYuan)) },
    { label: t('households_paid'), num: true, cell: (v) => (v.householdsPaid === null ? '–' : v.householdsPaid) },
    { label: t('accrued_yuan'), num: true, cell: (v) => accrued(v) },
    { label: t('received_for_month'), num: true, cell: (v) => yuan(v.receivedYuan) },
    { label: t('outstanding_yuan'), num: true, cell: (v) => yuan(v.outstandingYuan) },
    { label: '', cell: (v) => (v.latestStatementId ? link('#/statement/' + v.latestStatementId, t('view')) : '') },
  ], roll.villages, { id: 'county-villages', rowProps: (v) => ({ class: 'county-village', dataset: { village: v.village } }),
    foot: [t('total'), '', '', '', yuan(tot.cashArrivedYuan), yuan(tot.distributableYuan), String(tot.householdsPaid), yuan(tot.accruedYuan),
      yuan(tot.receivedYuan), yuan(tot.outstandingYuan), ''] }));
  view.append(panel);
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('receivables_title', recv.from, recv.to) }), table([
    { label: t('village'), cell: (v) => link(`#/receipts?village=${enc(v.village)}`, v.name) },
    { label: t('township'), cell: (v) => v.township },
    { label: t('accrued_yuan'), num: true, cell: (v) => accrued(v) },
    { label: t('received_range'), num: true, cell: (v) => yuan(v.receivedYuan) },
    { label: t('outstanding_yuan'), num: true, cell: (v) => yuan(v.outstandingYuan) },
  ], recv.villages, { id: 'county-receivables', foot: [t('total'), '', yuan(recv.totals.accruedYuan), yuan(recv.totals.receivedYuan),
    yuan(recv.totals.outstandingYuan)] })));
}
