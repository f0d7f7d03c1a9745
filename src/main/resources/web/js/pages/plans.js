// pvmon dashboard: distribution plans (#/plans): the versions in words, a new version.
import { errorNode, getJson, may, request } from '../api.js';
import { h, table } from '../dom.js';
import { enc, localTime, str } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { registryVillages, render, takeFlash, villageChooser } from '../ui.js';

export const DEDUCTION_RULES = ['PER_KWP_YEAR', 'PERCENT_OF_BASIS', 'FIXED_MONTHLY', 'RESERVE_PERCENT'];

export const ATTRIBUTES = ['DISABILITY', 'SERIOUS_ILLNESS', 'NO_LABOUR_CAPACITY', 'ELDERLY_LIVING_ALONE', 'WEAK_LABOUR_CAPACITY'];

/** The default plan (DefaultPlan in the service) as a stored plan would say it: the start of a first version. */
export const DEFAULT_PLAN = {
  basis: 'RECEIVED_CASH',
  deductions: [{ name: '运维费', rule: 'PER_KWP_YEAR', value: '30' }, { name: '风险准备金', rule: 'RESERVE_PERCENT', value: '5' }],
  allocations: [{ kind: 'POST_WAGES', name: '公益岗位工资' },
    { kind: 'HOUSEHOLD_REWARDS', name: '奖励补助', percent: '40', baseWeight: '1',
      weights: { DISABILITY: '2', SERIOUS_ILLNESS: '2', NO_LABOUR_CAPACITY: '2', ELDERLY_LIVING_ALONE: '1', WEAK_LABOUR_CAPACITY: '1' } },
    { kind: 'PUBLIC_WORKS', name: '小型公益事业', percent: '10' }, { kind: 'COLLECTIVE', name: '村集体' }],
};

/** A plan in words: its deductions and allocations, each rule spelled out. */
export function planTable(plan) {
  const rows = [...(plan.deductions || []).map((d) => [t('deductions'), d.name, `${t('rule_' + d.rule)}: ${str(d.value)}`]),
    ...(plan.allocations || []).map((a) => [t('allocations'), a.name || t('alloc_' + a.kind), [t('alloc_' + a.kind),
      a.percent !== undefined && a.percent !== null ? `${str(a.percent)}%` : null, a.fixedYuan ? `${t('fixed_yuan')} ${str(a.fixedYuan)}` : null,
      a.weights ? `${t('weights')}: ${t('base_weight')} ${str(a.baseWeight || 1)}, ` + Object.entries(a.weights).map(([k, w]) => `${t(k)} +${w}`).join(', ') : null,
      a.annualCapYuan ? `${t('annual_cap')} ${str(a.annualCapYuan)}` : null].filter(Boolean).join(' · ')])];
  return table([{ label: t('kind'), cell: (r) => r[0] }, { label: t('item'), cell: (r) => r[1] }, { label: t('rule'), class: 'who', cell: (r) => r[2] }],
    rows, { id: 'plan-lines' });
}

export async function plansPage(view, token, query) {
  const villages = await registryVillages();
  if (token !== state.renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages[0] || {}).id;
  if (!village) return;
  const plans = await getJson(`/api/villages/${enc(village)}/plans?month=${state.clock.month}`);
  if (token !== state.renderToken) return;
  const versions = plans.plans.slice().sort((a, b) => b.year - a.year || b.version - a.version);
  const applies = plans.applies;
  const panel = h('section', { class: 'panel' }, h('h2', { text: `${t('plans_title')} · ${plans.name}` }), takeFlash('plans'),
    h('div', { class: 'toolbar filters' }, villageChooser(villages, village, '#/plans')));
  panel.append(table([
    { label: t('version'), cell: (p) => `${p.year} v${p.version}` + (applies && applies.year === p.year && applies.version === p.version ? ` (${t('applies_now')})` : '') },
    { label: t('effective_from'), cell: (p) => p.effectiveFrom },
    { label: t('basis'), cell: (p) => t(p.plan.basis || 'RECEIVED_CASH') },
    { label: t('created_by'), class: 'who', cell: (p) => `${p.createdBy} ${localTime(p.createdAt)}` },
  ], versions, { id: 'plans', rowProps: (p) => ({ class: 'plan' }), emptyText: t('plan_default') }));
  const current = applies || versions[0];
  panel.append(h('h3', { text: t('plan_shown') + (current ? ` ${current.year} v${current.version}` : '') }),
    current ? planTable(current.plan) : h('p', { class: 'muted', text: t('plan_default') }));
  view.append(panel);
  if (may('PLAN_EDIT')) view.append(planForm(village, current ? current.plan : DEFAULT_PLAN));
}

/** The next version of the village's plan, started from {@code base}; a refused field is marked where it is. */
export function planForm(village, base) {
  const plan = JSON.parse(JSON.stringify(base));
  const error = h('div', { class: 'error', id: 'plan-error', hidden: true });
  const effectiveFrom = h('input', { type: 'month', id: 'p-from', required: true, value: state.clock.month, dataset: { param: 'effectiveFrom' } });
  const basis = h('select', { id: 'p-basis', dataset: { param: 'basis' } }, ['RECEIVED_CASH', 'ACCRUED'].map((b) => h('option', { value: b, text: t(b), selected: (plan.basis || 'RECEIVED_CASH') === b })));
  const deductions = h('div', { class: 'plan-rows', id: 'p-deductions' });
  const addDeduction = (d) => {
    const row = h('div', { class: 'form-row deduction-row' },
      h('label', {}, t('item'), h('input', { class: 'd-name', value: str(d.name), size: 10 })),
      h('label', {}, t('rule'), h('select', { class: 'd-rule' }, DEDUCTION_RULES.map((r) => h('option', { value: r, text: t('rule_' + r), selected: r === d.rule })))),
      h('label', {}, t('value'), h('input', { class: 'd-value', value: str(d.value), size: 6, inputmode: 'decimal' })),
      h('button', { type: 'button', text: t('remove'), onclick: () => row.remove() }));
    deductions.append(row);
  };
  (plan.deductions || []).forEach(addDeduction);
  const allocations = h('div', { class: 'plan-rows', id: 'p-allocations' });
  for (const a of plan.allocations || []) {
    const pct = a.kind === 'HOUSEHOLD_REWARDS' || a.kind === 'PUBLIC_WORKS';
    const row = h('div', { class: 'form-row allocation-row', dataset: { kind: a.kind } },
      h('label', {}, t('alloc_' + a.kind), h('input', { class: 'a-name', value: str(a.name), size: 10 })),
      pct ? h('label', {}, t('percent'), h('input', { class: 'a-percent', value: str(a.percent), size: 5, inputmode: 'decimal' })) : null,
      pct ? h('label', {}, t('fixed_yuan'), h('input', { class: 'a-fixed', value: str(a.fixedYuan), size: 7, inputmode: 'decimal' })) : null,
      a.kind === 'HOUSEHOLD_REWARDS' ? [h('label', {}, t('base_weight'), h('input', { class: 'a-base', value: str(a.baseWeight || '1'), size: 3 })),
        ...ATTRIBUTES.map((k) => h('label', {}, '+' + t(k), h('input', { class: 'a-weight', dataset: { attribute: k }, value: str((a.weights || {})[k] || '0'), size: 3 }))),
        h('label', {}, t('annual_cap'), h('input', { class: 'a-cap', value: str(a.annualCapYuan), size: 7 }))] : null);
    allocations.append(row);
  }
  const collect = () => ({
    effectiveFrom: effectiveFrom.value, basis: basis.value,
    deductions: [...deductions.querySelectorAll('.deduction-row')].map((r) => ({ name: r.querySelector('.d-name').value.trim(),
      rule: r.querySelector('.d-rule').value, value: r.querySelector('.d-value').value.trim() })),
    allocations: [...allocations.querySelectorAll('.allocation-row')].map((r) => {
      const a = { kind: r.dataset.kind, name: r.querySelector('.a-name').value.trim() };
      const v = (cls) => (r.querySelector(cls) ? r.querySelector(cls).value.trim() : '');
      if (v('.a-percent')) a.percent = v('.a-percent');
      if (v('.a-fixed')) a.fixedYuan = v('.a-fixed');
      if (r.dataset.kind === 'HOUSEHOLD_REWARDS') {
        a.baseWeight = v('.a-base') || '1';
        a.weights = Object.fromEntries([...r.querySelectorAll('.a-weight')].map((w) => [w.dataset.attribute, w.value.trim() || '0']));
        if (v('.a-cap')) a.annualCapYuan = v('.a-cap');
      }
      return a;
    }),
  });
  const mark = (parameter) => { // "allocations[1].percent": the second allocation's percent field, marked red
    form.querySelectorAll('.bad-cell').forEach((el) => el.classList.remove('bad-cell'));
    const m = /^(deductions|allocations)\[(\d+)\](?:\.(\w+))?/.exec(parameter || '');
    let el = null;
    if (m) {
      const row = form.querySelectorAll(m[1] === 'deductions' ? '.deduction-row' : '.allocation-row')[Number(m[2])];
      const cls = { name: '.d-name, .a-name', value: '.d-value', rule: '.d-rule', percent: '.a-percent', fixedYuan: '.a-fixed',
        baseWeight: '.a-base', annualCapYuan: '.a-cap', weights: '.a-weight' }[m[3]];
      el = row ? (cls ? row.querySelector(cls) : row) : null;
    } else if (parameter) {
      el = form.querySelector(`[data-param="${parameter}"]`);
    }
    if (el) { el.classList.add('bad-cell'); el.focus(); }
  };
  const form = h('form', { class: 'panel', id: 'plan-form', onsubmit: (e) => {
    e.preventDefault();
    error.hidden = true;
    request('POST', `/api/villages/${enc(village)}/plans`, collect()).then((p) => {
      state.flash = { page: 'plans', text: t('plan_saved', p.year, p.version) };
      render();
    }).catch((err) => {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
      mark(err.body && err.body.parameter);
    });
  } }, h('h2', { text: t('new_version') }),
  h('div', { class: 'form-row' }, h('label', {}, t('effective_from'), effectiveFrom), h('label', {}, t('basis'), basis)),
  h('h3', { text: t('deductions') }), deductions,
  h('button', { type: 'button', id: 'p-add-deduction', text: t('add_deduction'), onclick: () => addDeduction({ name: '', rule: 'FIXED_MONTHLY', value: '0' }) }),
  h('h3', { text: t('allocations') }), allocations, error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'p-save', text: t('save_version') })));
  return form;
}
