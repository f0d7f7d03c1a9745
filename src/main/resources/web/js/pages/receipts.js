// pvmon dashboard: receipts and what is owed (#/receipts): record, void with a reason.
import { getJson, may, postJson } from '../api.js';
import { h, table } from '../dom.js';
import { addMonths, enc, fmt, localTime, num, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { act, askStep, registryVillages, render, setQuery, takeFlash } from '../ui.js';

export async function receiptsPage(view, token, query) {
  const [villages, stations, list] = await Promise.all([registryVillages(), getJson('/api/registry/stations'), getJson('/api/receipts')]);
  if (token !== state.renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages.length === 1 ? villages[0].id : '');
  const ownedBy = (v) => stations.filter((s) => (s.owners || []).some((o) => o.village === v));
  const shown = village ? ownedBy(village) : stations;
  const ids = new Set(shown.map((s) => s.id));
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const rows = list.receipts.filter((r) => ids.has(r.station)).sort((a, b) => (b.receivedOn.localeCompare(a.receivedOn)) || b.id - a.id);
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('receipts_title') }), takeFlash('receipts'),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('choose_village') + ' ', h('select', { id: 'f-village',
      onchange: (e) => setQuery('#/receipts', { village: e.target.value }) },
    villages.length > 1 ? h('option', { value: '', text: t('all_villages') }) : null,
    villages.map((v) => h('option', { value: v.id, text: v.name, selected: v.id === village }))))));
  panel.append(table([
    { label: '#', cell: (r) => r.id },
    { label: t('received_on'), cell: (r) => r.receivedOn },
    { label: t('station'), cell: (r) => names.get(r.station) || r.station },
    { label: t('part'), cell: (r) => t(r.part) },
    { label: t('pays_for'), cell: (r) => (r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom} – ${r.periodTo}`) },
    { label: t('receipt_amount'), num: true, cell: (r) => (r.voided ? h('s', { text: yuan(r.amountYuan) }) : yuan(r.amountYuan)) },
    { label: t('reference'), cell: (r) => r.reference || '–' },
    { label: t('recorded_by'), class: 'who', cell: (r) => `${r.recordedBy} ${localTime(r.recordedAt)}` },
    { label: t('status'), class: 'who', cell: (r) => (r.voided ? `${t('voided')}：${r.voided.by} ${localTime(r.voided.at)} ${r.voided.reason}` : '') },
    ...(may('RECEIPT_RECORD') ? [{ label: t('actions'), cell: (r) => (r.voided ? '' : h('button', { type: 'button', class: 'void', text: t('void'),
      onclick: async () => {
        const answer = await askStep(t('void_title'), `#${r.id} ${names.get(r.station) || r.station} ${r.receivedOn} ${t(r.part)} ${yuan(r.amountYuan)}`,
          true, { commentRequired: true });
        if (!answer) return;
        act(async () => { await postJson(`/api/receipts/${r.id}/void`, { reason: answer.comment }); render(); });
      } })) }] : []),
  ], rows, { id: 'receipts', rowProps: (r) => ({ class: 'receipt' + (r.voided ? ' voided' : ''), dataset: { id: String(r.id) } }), emptyText: t('none') }));
  if (may('RECEIPT_RECORD') && shown.length) {
    const f = {
      station: h('select', { id: 'r-station' }, shown.map((s) => h('option', { value: s.id, text: `${s.name} (${s.id})` }))),
      receivedOn: h('input', { type: 'date', id: 'r-on', required: true, max: state.clock.today, value: state.clock.today }),
      periodFrom: h('input', { type: 'month', id: 'r-from', required: true, max: state.clock.month, value: addMonths(state.clock.month, -1) }),
      periodTo: h('input', { type: 'month', id: 'r-to', max: state.clock.month, value: addMonths(state.clock.month, -1) }),
      part: h('select', { id: 'r-part' }, ['BENCHMARK', 'SUBSIDY'].map((p) => h('option', { value: p, text: t(p) }))),
      amount: h('input', { id: 'r-amount', required: true, inputmode: 'decimal', size: 10 }),
      reference: h('input', { id: 'r-reference', maxlength: 200, size: 18 }),
    };
    panel.append(h('h3', { text: t('record_receipt') }), h('form', { class: 'form-row', id: 'receipt-form', onsubmit: (e) => {
      e.preventDefault();
      act(async () => {
        const r = await postJson(`/api/stations/${enc(f.station.value)}/receipts`, { receivedOn: f.receivedOn.value, periodFrom: f.periodFrom.value,
          periodTo: f.periodTo.value || f.periodFrom.value, part: f.part.value, amountYuan: f.amount.value.replace(/[,，\s]/g, ''),
          reference: f.reference.value.trim() || null });
        state.flash = { page: 'receipts', text: t('receipt_recorded', r.id) };
        render();
      });
    } }, h('label', {}, t('station'), f.station), h('label', {}, t('received_on'), f.receivedOn), h('label', {}, t('period_from'), f.periodFrom),
    h('label', {}, t('period_to'), f.periodTo), h('label', {}, t('part'), f.part), h('label', {}, t('receipt_amount'), f.amount),
    h('label', {}, t('reference'), f.reference), h('button', { type: 'submit', class: 'primary', id: 'r-submit', text: t('record_receipt') })));
  }
  view.append(panel);
  if (village) {
    const recv = await getJson(`/api/villages/${enc(village)}/receivables?from=${state.clock.month.slice(0, 4)}-01&to=${state.clock.month}`);
    if (token !== state.renderToken) return;
    view.append(h('section', { class: 'panel' }, h('h2', { text: t('receivables_village', recv.from, recv.to) }), table([
      { label: t('station'), cell: (s) => names.get(s.station) || s.station },
      { label: t('share'), num: true, cell: (s) => fmt(num(s.share) * 100, 0) + '%' },
      { label: t('accrued_yuan'), num: true, cell: (s) => yuan(s.wholeStation.accruedYuan) },
      { label: t('received_range'), num: true, cell: (s) => yuan(s.wholeStation.receivedYuan) },
      { label: t('outstanding_yuan'), num: true, cell: (s) => yuan(s.wholeStation.outstandingYuan) },
    ], recv.stations, { id: 'village-receivables', foot: [t('village_total'), '', yuan(recv.accruedYuan), yuan(recv.receivedYuan), yuan(recv.outstandingYuan)] })));
  }
}
