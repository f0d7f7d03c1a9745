// pvmon dashboard: a village's statements (#/statements) and one statement (#/statement/{id}): where its money came from, its
// lifecycle and history, the next step.
import { getJson, may, postJson, request } from '../api.js';
import { chart } from '../charts.js';
import { badge, esc, h, link, table } from '../dom.js';
import { addMonths, daysIn, fen, fmt, localTime, num, yuan } from '../format.js';
import { bi, t } from '../i18n.js';
import { state } from '../state.js';
import { act, askStep, render, setQuery, villages } from '../ui.js';

export const STEPS = { DRAFT: 'approve', APPROVED: 'publish', PUBLISHED: 'pay' };

/** A deduction's rule as statements store it (English, e.g. "30 yuan/kWp/year x 50.00 kWp / 12") in the user's language. */
export function ruleText(rule) {
  if (state.lang === 'en' || !rule) return rule || '';
  const reserve = / \(reserve, not owed\)$/.test(rule);
  const core = rule.replace(/ \(reserve, not owed\)$/, '');
  let m;
  let zh = null;
  if ((m = core.match(/^([0-9.]+) yuan\/kWp\/year x ([0-9.]+) kWp \/ 12$/))) zh = `每年每千瓦 ${m[1]} 元 × ${m[2]} kWp ÷ 12`;
  else if ((m = core.match(/^([0-9.]+)% of (-?[0-9.]+)$/))) zh = `收益 ${m[2]} 元的 ${m[1]}%`;
  else if ((m = core.match(/^(-?[0-9.]+) per month$/))) zh = `每月 ${m[1]} 元`;
  if (zh === null) return rule;
  return reserve ? zh + '（准备金：有余款时提取，不计欠缴）' : zh;
}

/** The month most recently distributed on the received basis: the latest day cash arrived for one of {@code stations}. */
export async function latestCashMonth(stations) {
  const ids = new Set(stations);
  const list = await getJson('/api/receipts');
  const days = list.receipts.filter((r) => ids.has(r.station) && !r.voided).map((r) => r.receivedOn).sort();
  return days.length ? days[days.length - 1].slice(0, 7) : null;
}

export async function statementsPage(view, token, query) {
  const list = await villages();
  if (token !== state.renderToken) return;
  const village = list.some((v) => v.village === query.village) ? query.village : (list[0] || {}).village;
  const villageSelect = h('select', { id: 'f-village', onchange: (e) => setQuery('#/statements', { village: e.target.value }) },
    list.map((v) => h('option', { value: v.village, text: v.name, selected: v.village === village })));
  const enc = encodeURIComponent(village || '');
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('statements_title') }),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('choose_village') + ' ', villageSelect),
      village ? h('span', { class: 'actions' }, link('#/plans?village=' + enc, t('nav_plans')), ' · ',
        link('#/receipts?village=' + enc, t('receipts_and_arrears')),
        may('HOUSEHOLD_READ') ? [' · ', link('#/register?village=' + enc, t('nav_register'))] : null) : null));
  view.append(panel);
  if (!village) return;
  const stored = await getJson(`/api/villages/${enc}/statements`);
  if (token !== state.renderToken) return;
  const who = (step) => (step ? `${step.by} ${localTime(step.at)}` : '');
  panel.append(table([
    { label: '#', cell: (s) => s.id },
    { label: t('month'), cell: (s) => s.month },
    { label: t('kind'), cell: (s) => t(s.kind) + (s.adjustsStatementId ? ` (#${s.adjustsStatementId})` : '') },
    { label: t('status'), cell: (s) => badge(s.status.toLowerCase(), t(s.status)) },
    { label: t('basis'), cell: (s) => t(s.basis) },
    { label: t('basis_yuan'), num: true, cell: (s) => yuan(s.basisYuan) },
    { label: t('deductions_yuan'), num: true, cell: (s) => yuan(s.deductionsYuan) },
    { label: t('allocations_yuan'), num: true, cell: (s) => yuan(s.allocationsYuan) },
    { label: t('collective_yuan'), num: true, cell: (s) => yuan(s.collectiveYuan) },
    { label: t('created'), cell: (s) => localTime(s.createdAt) },
    { label: t('approved'), class: 'who', cell: (s) => who(s.approved) },
    { label: t('published'), class: 'who', cell: (s) => who(s.published) },
    { label: t('paid'), class: 'who', cell: (s) => who(s.paid) },
    { label: '', cell: (s) => link('#/statement/' + s.id, t('view')) },
  ], stored.statements, { id: 'statements', rowProps: (s) => ({ class: 'statement', dataset: { id: String(s.id) } }), emptyText: t('no_statements') }));

  // The month shown: the one asked for, else the village's latest statement's, else last month.
  const latest = stored.statements.length ? stored.statements[stored.statements.length - 1].month : null;
  const month = /^\d{4}-\d{2}$/.test(query.month || '') ? query.month : (latest || addMonths(state.clock.month, -1));
  const monthInput = h('input', { type: 'month', id: 'f-month', value: month, max: state.clock.month, min: '2014-01' });
  const previewBox = h('div', { id: 'preview' });
  panel.append(h('div', { class: 'toolbar filters' },
    h('label', {}, t('month') + ' ', monthInput),
    h('button', { type: 'button', id: 'btn-preview', text: t('preview'), onclick: () => setQuery('#/statements', { village, month: monthInput.value, preview: '1' }) }),
    !may('STATEMENT_PREPARE') ? null : h('button', { type: 'button', id: 'btn-create', class: 'primary', text: t('create_draft'), onclick: () => act(async () => {
      const created = await postJson(`/api/villages/${enc}/statements?month=${monthInput.value}`);
      location.hash = '#/statement/' + created.id;
    }) })));
  view.append(previewBox);
  if (query.preview || stored.statements.length === 0) { // a village without statements shows what its month would be
    const p = await getJson(`/api/villages/${enc}/statements/preview?month=${month}`);
    if (token !== state.renderToken) return;
    // On the received basis a month without cash distributes nothing: say so, and where the last cash is.
    if (p.basis === 'RECEIVED_CASH' && fen(p.totals.basisYuan) === 0) {
      const cash = await latestCashMonth((p.stations || []).map((x) => x.station));
      if (token !== state.renderToken) return;
      previewBox.append(h('p', { class: 'notice', id: 'no-cash' }, t('no_cash_month', p.month), ' ',
        cash && cash !== p.month ? link(`#/statements?village=${enc}&month=${cash}&preview=1`, t('see_cash_month', cash)) : null));
    }
    renderStatementBody(previewBox, p, t('preview_of', p.name, p.month));
  }
}

/** What the step will do, with the amounts: said in the dialog before it is taken. */
export function stepSummary(st) {
  const tot = st.totals;
  const paidHouseholds = (st.households || []).filter((x) => fen(x.amountYuan) > 0).length;
  return h('div', { class: 'stack', id: 'step-summary' },
    h('div', {}, t('allocations_yuan') + '：', h('b', { class: 'big', id: 'step-amount', text: yuan(tot.allocationsYuan) })),
    h('div', { text: t('step_lines', paidHouseholds, (st.posts || []).length, yuan(tot.deductionsYuan), yuan(tot.collectiveYuan)) }));
}

export async function statementPage(view, token, sid) {
  const s = await getJson(`/api/statements/${encodeURIComponent(sid)}`);
  if (token !== state.renderToken) return;
  const body = s.statement;
  const allocations = fen(s.allocationsYuan);
  view.append(h('p', { class: 'crumbs' }, link('#/statements?village=' + encodeURIComponent(s.village), t('nav_statements')), ` › ${body.name} › ${s.month}`));
  const steps = h('div', { class: 'lifecycle', id: 'lifecycle' });
  const stepItem = (key, step, done) => h('span', { class: 'step' + (done ? ' done' : '') }, h('b', { text: t(key) }), ' ', step ? `${step.by} ${localTime(step.at)}` : '–');
  steps.append(
    h('span', { class: 'step done' }, h('b', { text: t('created') }), ' ', localTime(s.createdAt)),
    stepItem('approved', s.approved, !!s.approved), stepItem('published', s.published, !!s.published), stepItem('paid', s.paid, !!s.paid));
  // The history: each step taken with who, when and the comment given with it.
  const taken = [['approved', s.approved], ['published', s.published], ['paid', s.paid]].filter(([, step]) => step && step.comment);
  const history = taken.length ? h('ul', { class: 'history', id: 'step-history' }, taken.map(([key, step]) => h('li', { class: 'step-comment', dataset: { step: key } },
    h('b', { text: t(key) }), ` ${step.by} ${localTime(step.at)}：`, h('span', { class: 'comment', text: step.comment })))) : null;
  const next = STEPS[s.status];
  const actions = h('div', { class: 'actions' });
  if (next === 'pay' && allocations === 0) {
    actions.append(h('span', { class: 'muted', id: 'nothing-to-pay', text: t('nothing_to_pay') }));
  } else if (next && may('STATEMENT_APPROVE')) {
    actions.append(h('button', { type: 'button', class: 'primary', id: 'btn-' + next, text: t(next), onclick: async () => {
      let extra = [stepSummary(body)];
      let check = null;
      let amountInput = null;
      if (next === 'pay') {
        amountInput = h('input', { id: 'pay-amount', inputmode: 'decimal', autocomplete: 'off', placeholder: yuan(s.allocationsYuan) });
        extra = [...extra, h('label', { class: 'amount-confirm' }, t('pay_amount_label'), amountInput)];
        check = () => {
          const typed = Number(amountInput.value.replace(/[,，\s]/g, ''));
          return amountInput.value.trim() && Number.isFinite(typed) && Math.round(typed * 100) === allocations ? null : t('pay_amount_differs', yuan(s.allocationsYuan));
        };
      }
      const answer = await askStep(t(next + '_title'), t(next + '_what', body.name, s.month), true,
        { extra, check, placeholder: t('comment_hint_' + next) });
      if (!answer) return;
      act(async () => {
        await postJson(`/api/statements/${s.id}/${next}`, next === 'pay'
          ? { amountYuan: (allocations / 100).toFixed(2), comment: answer.comment } : { comment: answer.comment });
        render();
      });
    } }));
  }
  if (s.status === 'DRAFT' && may('STATEMENT_PREPARE')) {
    actions.append(h('button', { type: 'button', id: 'btn-delete', text: t('delete_draft'), onclick: async () => {
      if (!await askStep(t('delete_draft'), t('delete_what', body.name, s.month), false)) return;
      act(async () => {
        await request('DELETE', `/api/statements/${s.id}`);
        location.hash = '#/statements?village=' + encodeURIComponent(s.village);
      });
    } }));
  }
  if ((s.status === 'PUBLISHED' || s.status === 'PAID') && !(s.adjustedBy || []).length && may('STATEMENT_PREPARE')) {
    actions.append(h('button', { type: 'button', id: 'btn-adjust', text: t('create_adjustment'), onclick: async () => {
      if (!await askStep(t('create_adjustment'), t('adjust_what', body.name, s.month), false)) return;
      act(async () => {
        const created = await postJson(`/api/statements/${s.id}/adjustments`);
        location.hash = '#/statement/' + created.id;
      });
    } }));
  }
  // every format in the office version; the public notice (公示) once approved
  const exports = h('div', { class: 'actions' }, h('span', { text: t('export_label') }));
  for (const f of ['xlsx', 'pdf', 'html', 'csv']) {
    exports.append(h('a', { class: 'button', id: `export-office-${f}`, href: `/api/statements/${s.id}/export.${f}`,
      text: `${f.toUpperCase()} (${t('export_office')})` }));
  }
  if (s.status !== 'DRAFT') {
    for (const f of ['pdf', 'xlsx']) {
      exports.append(h('a', { class: 'button', id: `export-notice-${f}`, href: `/api/statements/${s.id}/export.${f}?version=notice`,
        text: `${f.toUpperCase()} (${t('export_notice')})` }));
    }
  }
  const head = h('section', { class: 'panel' },
    h('h2', { id: 'statement-title' }, t('statement_of', body.name, s.month) + ' ', badge(s.status.toLowerCase(), t(s.status)), ' ', badge('kind', t(s.kind))),
    h('p', { class: 'detail-meta' }, `#${s.id} · ${t('basis')} ${t(s.basis)} · ${t('plan')} `,
      link('#/plans?village=' + encodeURIComponent(s.village), bi(body.planNote) || `v${s.planVersion}`),
      s.adjustsStatementId ? h('span', {}, ` · ${t('adjusts')} `, link('#/statement/' + s.adjustsStatementId, '#' + s.adjustsStatementId)) : null,
      (s.adjustedBy || []).length ? h('span', {}, ` · ${t('adjusted_by')} `, s.adjustedBy.map((id) => link('#/statement/' + id, '#' + id + ' '))) : null),
    h('div', { class: 'lifecycle-row' }, h('span', { class: 'label', text: t('lifecycle') }), steps), history, actions, exports);
  view.append(head);
  const content = h('div', {});
  view.append(content);
  renderStatementBody(content, body, null);
}

/** Where the month's money came from: the receipts (received basis) or energy × tariff (accrued), station by station. */
export function sourcesPanel(st) {
  const received = st.basis === 'RECEIVED_CASH';
  const days = daysIn(st.month);
  const noData = (r) => !(num(r.energyKwh) > 0) && r.daysWithoutDataCount >= days;
  const energy = (r) => (noData(r) ? h('span', { class: 'nodata', text: t('no_data_month') }) : fmt(r.energyKwh, 1) + (r.estimated ? ' *' : ''));
  const panel = h('section', { class: 'panel', id: 'sources' }, h('h3', { text: t('revenue_lines') }),
    h('p', { class: 'explain', id: 'basis-note', text: received ? t('source_received', st.month) : t('source_accrued') }));
  if (received) {
    const receipts = st.receipts || [];
    const names = new Map((st.stations || []).map((x) => [x.station, x.name]));
    if (receipts.length) {
      panel.append(table([
        { label: t('received_on'), cell: (r) => r.receivedOn },
        { label: t('station'), cell: (r) => names.get(r.station) || r.station },
        { label: t('part'), cell: (r) => t(r.part) },
        { label: t('pays_for'), cell: (r) => (r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom} – ${r.periodTo}`) },
        { label: t('receipt_amount'), num: true, cell: (r) => yuan(r.amountYuan) },
        { label: t('share'), num: true, cell: (r) => fmt(num(r.share) * 100, 0) + '%' },
        { label: t('village_amount'), num: true, cell: (r) => yuan(r.villageAmountYuan) },
        { label: t('reference'), cell: (r) => r.reference || '–' },
      ], receipts, { id: 'statement-receipts', rowProps: () => ({ class: 'receipt' }),
        foot: [t('total'), '', '', '', '', '', yuan(receipts.reduce((a, r) => a + num(r.villageAmountYuan), 0)), ''] }));
    } else {
      panel.append(h('p', { class: 'muted', id: 'no-receipts', text: t('no_cash_month', st.month) }));
    }
    panel.append(h('h3', { text: t('earned_vs_received') }), table([
      { label: t('station'), cell: (r) => `${r.name} (${r.station})` },
      { label: t('share'), num: true, cell: (r) => fmt(r.share * 100, 0) + '%' },
      { label: t('energy_kwh'), num: true, cell: energy },
      { label: t('earned_yuan'), num: true, cell: (r) => (noData(r) ? t('no_data_month') : yuan(num(r.benchmarkYuan) + num(r.subsidyYuan))) },
      { label: t('received_yuan'), num: true, cell: (r) => yuan(num(r.receivedBenchmarkYuan) + num(r.receivedSubsidyYuan)) },
    ], st.stations || [], { id: 'statement-stations' }));
  } else {
    const tariff = (amount, kwh) => (num(kwh) > 0 ? (num(amount) / num(kwh)).toFixed(4) : null);
    const formula = (r, amount) => (noData(r) ? t('no_data_month') : num(r.energyKwh) > 0 && num(amount) > 0
      ? `${fmt(r.energyKwh, 1)} kWh × ${tariff(amount, r.energyKwh)} = ${yuan(amount)}` : yuan(amount));
    panel.append(table([
      { label: t('station'), cell: (r) => `${r.name} (${r.station})` },
      { label: t('energy_kwh'), num: true, cell: energy },
      { label: t('benchmark'), num: true, cell: (r) => formula(r, r.stationBenchmarkYuan) },
      { label: t('subsidy'), num: true, cell: (r) => formula(r, r.stationSubsidyYuan) },
      { label: t('share'), num: true, cell: (r) => fmt(r.share * 100, 0) + '%' },
      { label: t('village_amount'), num: true, cell: (r) => (noData(r) ? t('no_data_month') : yuan(num(r.benchmarkYuan) + num(r.subsidyYuan))) },
    ], st.stations || [], { id: 'statement-stations' }));
  }
  if ((st.stations || []).some((r) => r.estimated)) panel.append(h('p', { class: 'muted', text: '* ' + t('estimated_energy') }));
  return panel;
}

/** The statement's lines, households and totals (stored or preview), with a chart of where the money goes. */
export function renderStatementBody(box, st, title) {
  const tot = st.totals;
  const chartBox = h('div', { class: 'chart small', id: 'chart-statement' });
  const totalsTable = table([{ label: t('totals'), cell: (r) => r[0] }, { label: t('amount_yuan'), num: true, cell: (r) => yuan(r[1]) }], [
    [t('basis_yuan'), tot.basisYuan], [t('deductions_yuan'), tot.deductionsYuan], [t('distributable_yuan'), tot.distributableYuan],
    [t('allocations_yuan'), tot.allocationsYuan], [t('collective_yuan'), tot.collectiveYuan],
  ], { id: 'statement-totals' });
  box.append(h('section', { class: 'panel' },
    title ? h('h2', { text: title }) : null,
    h('div', { class: 'two' }, h('div', {}, totalsTable,
      h('p', { class: st.reconciles ? 'ok' : 'error', id: 'reconciles', text: st.reconciles ? '✓ ' + t('reconciles') : '✗ ' + t('not_reconciled') })), chartBox)));
  box.append(sourcesPanel(st));
  const section = (label, node, id) => box.append(h('section', { class: 'panel', id }, h('h3', { text: label }), node));
  section(t('deductions'), table([
    { label: t('deductions'), cell: (d) => bi(d.name) }, { label: t('rule'), class: 'who', cell: (d) => ruleText(d.rule) },
    { label: t('carried_in'), num: true, cell: (d) => yuan(d.carriedInYuan) }, { label: t('due'), num: true, cell: (d) => yuan(d.dueYuan) },
    { label: t('paid_yuan'), num: true, cell: (d) => yuan(d.paidYuan) }, { label: t('shortfall'), num: true, cell: (d) => yuan(d.shortfallYuan) },
  ], st.deductions || [], { id: 'statement-deductions' }));
  section(t('allocations'), table([
    { label: t('allocations'), cell: (a) => bi(a.name) }, { label: t('target'), num: true, cell: (a) => yuan(a.targetYuan) },
    { label: t('amount_yuan'), num: true, cell: (a) => yuan(a.amountYuan) }, { label: t('shortfall'), num: true, cell: (a) => yuan(a.shortfallYuan) },
  ], st.allocations || [], { id: 'statement-allocations' }));
  if ((st.posts || []).length) {
    section(t('posts'), table([
      { label: t('post_title'), cell: (p) => p.title }, { label: t('holder'), cell: (p) => p.holderName },
      { label: t('days_active'), num: true, cell: (p) => p.daysActive }, { label: t('carried_in'), num: true, cell: (p) => yuan(p.carriedInYuan) },
      { label: t('due'), num: true, cell: (p) => yuan(p.dueYuan) }, { label: t('paid_yuan'), num: true, cell: (p) => yuan(p.paidYuan) },
      { label: t('shortfall'), num: true, cell: (p) => yuan(p.shortfallYuan) },
    ], st.posts, { id: 'statement-posts' }));
  }
  section(t('households'), table([
    { label: t('head_name'), cell: (x) => x.headName }, { label: t('id_number'), cell: (x) => x.maskedIdNumber },
    { label: t('weight'), num: true, cell: (x) => x.weight }, { label: t('days_enrolled'), num: true, cell: (x) => x.daysEnrolled },
    { label: t('amount_yuan'), num: true, cell: (x) => yuan(x.amountYuan) + (x.capped ? ` (${t('capped')})` : '') },
  ], st.households || [], { id: 'statement-households', rowProps: () => ({ class: 'household' }),
    foot: [t('total'), '', '', '', yuan((st.households || []).reduce((a, x) => a + num(x.amountYuan), 0))] }));
  // Arrears: what last month left owed (paid first this month) and what this month leaves owed.
  const carriedIn = [...(st.deductions || []).filter((d) => fen(d.carriedInYuan) > 0).map((d) => [t('kind_DEDUCTION'), bi(d.name), d.carriedInYuan]),
    ...(st.posts || []).filter((p) => fen(p.carriedInYuan) > 0).map((p) => [t('kind_POST_WAGE'), `${p.title} ${p.holderName}`, p.carriedInYuan])];
  const postNames = new Map((st.posts || []).map((p) => [p.post, `${p.title} ${p.holderName}`]));
  const carriedForward = (st.carriedForward || []).map((c) => [t('kind_' + c.kind),
    c.kind === 'POST_WAGE' ? (postNames.get(c.key) || c.key) : bi(c.key), c.amountYuan]);
  if (carriedIn.length || carriedForward.length) {
    const arrears = (rows, id) => table([{ label: t('kind'), cell: (r) => r[0] }, { label: t('item'), cell: (r) => r[1] },
      { label: t('amount_yuan'), num: true, cell: (r) => yuan(r[2]) }], rows, { id, emptyText: t('none') });
    box.append(h('section', { class: 'panel', id: 'arrears' }, h('h3', { text: t('arrears') }),
      h('h3', { text: t('carried_in_title') }), arrears(carriedIn, 'statement-carried-in'),
      h('h3', { text: t('carried_forward') }), arrears(carriedForward, 'statement-carried')));
  }
  if (st.differences) {
    const d = st.differences;
    section(t('differences'), table([{ label: t('totals'), cell: (r) => r[0] }, { label: t('amount_yuan'), num: true, cell: (r) => yuan(r[1]) }],
      [[t('basis_yuan'), d.basisYuan], [t('deductions_yuan'), d.deductionsYuan], [t('allocations_yuan'), d.allocationsYuan], [t('collective_yuan'), d.collectiveYuan]],
      { id: 'statement-differences' }));
  }
  const slices = [...(st.deductions || []).map((d) => [bi(d.name), num(d.paidYuan)]), ...(st.allocations || []).map((a) => [bi(a.name), num(a.amountYuan)]),
    [t('collective_yuan'), num(st.collectiveYuan)]].filter(([, v]) => v > 0);
  chart(chartBox, {
    title: { text: t('money_flow'), left: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: (p) => `${esc(p.name)}<br>${yuan(p.value)} (${p.percent}%)` },
    graphic: slices.length ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text: t('nothing_distributed'), fill: '#666', fontSize: 13 } }],
    series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '55%'], label: { fontSize: 11 },
      data: slices.map(([name, value]) => ({ name, value })) }],
  });
}
