// pvmon dashboard: the household register (#/register): households and posts, a record edited in a form, a file uploaded.
import { errorNode, getJson, may, sendFile } from '../api.js';
import { h, table } from '../dom.js';
import { enc, str, yuan } from '../format.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { registryVillages, render, takeFlash, villageChooser } from '../ui.js';
import { ATTRIBUTES } from './plans.js';

/** A problem of a refused upload: "第2行 身份证号: 校验码错误（应为7） | row 2, column 身份证号: wrong …". */
export function parseProblem(text) {
  const m = /^第(\d+)行\s*([^:：]*)[:：]\s*(.*?)(?:\s\|\s(.*))?$/.exec(text);
  if (!m) return { row: null, column: null, zh: text, en: text };
  const en = m[4] ? m[4].replace(/^row \d+, column [^:]*:\s*/, '') : m[3];
  return { row: Number(m[1]), column: m[2].trim(), zh: m[3], en };
}

/** A CSV's rows (quotes and doubled quotes understood), for showing a refused file with its bad cells marked. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell.replace(/\r$/, '')); rows.push(row); }
  return rows;
}

/** One CSV line: a cell with a comma, quote or line break quoted; a formula-like text neutralised as the export does. */
export function csvLine(cells) {
  return cells.map((c) => {
    let v = c === null || c === undefined ? '' : String(c).trim();
    if (/^[=+\-@']/.test(v)) v = "'" + v; // the import takes this apostrophe off again
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',') + '\r\n';
}

export const HOUSEHOLD_COLUMNS = ['户编号', '村', '户主姓名', '身份证号', '家庭人口', '属性', '纳入日期', '退出日期'];

export const POST_COLUMNS = ['岗位编号', '村', '岗位名称', '在岗户编号', '月工资(元)', '开始日期', '结束日期'];

/**
 * Sends a register form as a one-record CSV to the register's upload (PUT /api/registry/{table}); on a refused file
 * marks each problem at its field: {@code fieldOf(problem)} gives the input of a problem's row and column (or null).
 */
export function submitRecord(form, tableName, lines, fieldOf, savedText) {
  const error = form.querySelector('.form-error');
  form.querySelectorAll('.bad-cell').forEach((el) => el.classList.remove('bad-cell'));
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
  error.hidden = true;
  const file = new File(['\uFEFF' + lines.join('')], tableName + '.csv', { type: 'text/csv' });
  return sendFile('PUT', `/api/registry/${tableName}`, file).then(() => {
    state.registryVillagesCache = null;
    state.flash = { page: 'register', text: savedText };
    render();
  }).catch((err) => {
    const problems = ((err.body && err.body.problems) || []).map(parseProblem);
    if (!problems.length) { error.replaceChildren(errorNode(err, t('action_failed'))); error.hidden = false; return; }
    const general = form.querySelector('.form-row');
    const marked = new Map(); // field -> its problems' texts (a household's rows repeat the same problem of a field)
    let first = null;
    for (const p of problems) {
      const el = fieldOf(p) || general;
      const text = state.lang === 'en' ? p.en : p.zh;
      const texts = marked.get(el) || new Set();
      if (texts.has(text)) continue;
      texts.add(text);
      marked.set(el, texts);
      el.classList.add('bad-cell');
      (el.closest('label') || el).after(h('span', { class: 'field-error error', text: (el === general ? p.column + ': ' : '') + text }));
      first = first || el;
    }
    error.textContent = t('form_problems', [...marked.values()].reduce((n, set) => n + set.size, 0));
    error.hidden = false;
    if (first && first.focus) first.focus();
  });
}

/** A household of {@code village} to edit ({@code x} as listed) or a new one (x null): its rows sent as one CSV. */
export function householdForm(village, x) {
  const attrs = new Set((x && x.attributes) || []);
  const id = h('input', { id: 'hh-id', required: true, maxlength: 64, size: 12, value: x ? x.id : '', readonly: !!x });
  const headName = h('input', { id: 'hh-head', required: true, maxlength: 100, size: 10, value: x ? x.headName : '' });
  const idNumber = h('input', { id: 'hh-idnumber', required: !x, maxlength: 18, size: 20, autocomplete: 'off', spellcheck: 'false',
    placeholder: x ? x.idNumber : '', value: '' });
  const size = h('input', { id: 'hh-size', type: 'number', required: true, min: 1, max: 99, size: 3, value: x ? x.size : 1 });
  const attributes = h('fieldset', { class: 'checks', id: 'hh-attributes' }, h('legend', { text: t('attributes') }),
    ATTRIBUTES.map((a) => h('label', {}, h('input', { type: 'checkbox', class: 'hh-attr', value: a, checked: attrs.has(a) }), ' ' + t(a))));
  const enrollments = h('div', { class: 'plan-rows', id: 'hh-enrollments' });
  const addEnrollment = (e) => {
    const row = h('div', { class: 'form-row enrollment-row' },
      h('label', {}, t('enrolled_from'), h('input', { type: 'date', class: 'e-from', value: (e && e.from) || '' })),
      h('label', {}, t('enrolled_to'), h('input', { type: 'date', class: 'e-to', value: (e && e.to) || '' })),
      h('button', { type: 'button', class: 'e-remove', text: t('remove'), onclick: () => row.remove() }));
    enrollments.append(row);
  };
  ((x && x.enrollments) || []).forEach(addEnrollment);
  if (!x) addEnrollment({ from: state.clock.today });
  const rows = () => [...enrollments.querySelectorAll('.enrollment-row')];
  const form = h('form', { class: 'panel', id: 'household-form', onsubmit: (ev) => {
    ev.preventDefault();
    const number = idNumber.value.trim() || (x ? x.idNumber : ''); // the masked number means "unchanged"
    const chosen = [...attributes.querySelectorAll('.hh-attr:checked')].map((c) => c.value).join(';');
    const base = [id.value.trim(), village, headName.value, number, size.value, chosen];
    const periods = rows().map((r) => [r.querySelector('.e-from').value, r.querySelector('.e-to').value]);
    const lines = [csvLine(HOUSEHOLD_COLUMNS), ...(periods.length ? periods : [['', '']]).map((p) => csvLine([...base, ...p]))];
    const fields = { 户编号: id, 户主姓名: headName, 身份证号: idNumber, 家庭人口: size, 属性: attributes };
    submitRecord(form, 'households', lines, (p) => {
      if (p.column === '纳入日期' || p.column === '退出日期') {
        const r = rows()[p.row - 2];
        return r ? r.querySelector(p.column === '纳入日期' ? '.e-from' : '.e-to') : null;
      }
      return fields[p.column] || null;
    }, t('saved_household', id.value.trim()));
  } }, h('h2', { text: x ? t('edit_household', x.id) : t('new_household') }),
  h('div', { class: 'form-row' }, h('label', {}, t('household_id'), id), h('label', {}, t('head_name'), headName),
    h('label', { class: 'wide' }, t('id_number_full'), idNumber, x ? h('small', { class: 'muted', text: t('id_number_keep', x.idNumber) }) : null),
    h('label', {}, t('size'), size)),
  attributes, h('h3', { text: t('enrollments') }), enrollments,
  h('button', { type: 'button', id: 'hh-add-enrollment', text: t('add_enrollment'), onclick: () => addEnrollment({}) }),
  h('p', { class: 'error form-error', id: 'household-error', hidden: true }),
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'hh-save', text: t('save') }),
    h('button', { type: 'button', id: 'hh-cancel', text: t('cancel'), onclick: () => form.remove() })));
  return form;
}

/** A post of {@code village} to edit ({@code p} as listed) or a new one: its row sent as one CSV. */
export function postForm(village, p, households) {
  const id = h('input', { id: 'po-id', required: true, maxlength: 64, size: 12, value: p ? p.id : '', readonly: !!p });
  const title = h('input', { id: 'po-title', required: true, maxlength: 100, size: 12, value: p ? p.title : '' });
  const holder = h('select', { id: 'po-holder', required: true }, h('option', { value: '', text: '–' }),
    households.map((x) => h('option', { value: x.id, text: `${x.headName} (${x.id})`, selected: !!p && p.holderHousehold === x.id })));
  const wage = h('input', { id: 'po-wage', required: true, inputmode: 'decimal', size: 8, value: p ? str(p.monthlyWageYuan) : '' });
  const from = h('input', { id: 'po-from', type: 'date', required: true, value: p ? p.active.from : state.clock.today });
  const to = h('input', { id: 'po-to', type: 'date', value: p && p.active.to ? p.active.to : '' });
  const form = h('form', { class: 'panel', id: 'post-form', onsubmit: (ev) => {
    ev.preventDefault();
    const lines = [csvLine(POST_COLUMNS), csvLine([id.value.trim(), village, title.value, holder.value, wage.value.replace(/[,，\s]/g, ''), from.value, to.value])];
    const fields = { 岗位编号: id, 岗位名称: title, 在岗户编号: holder, '月工资(元)': wage, 开始日期: from, 结束日期: to };
    submitRecord(form, 'posts', lines, (q) => fields[q.column] || null, t('saved_post', id.value.trim()));
  } }, h('h2', { text: p ? t('edit_post', p.id) : t('new_post') }),
  h('div', { class: 'form-row' }, h('label', {}, t('post_id'), id), h('label', {}, t('post_title'), title), h('label', {}, t('holder'), holder),
    h('label', {}, t('monthly_wage'), wage), h('label', {}, t('post_from'), from), h('label', {}, t('post_to'), to)),
  h('p', { class: 'error form-error', id: 'post-error', hidden: true }),
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'po-save', text: t('save') }),
    h('button', { type: 'button', id: 'po-cancel', text: t('cancel'), onclick: () => form.remove() })));
  return form;
}

export async function registerPage(view, token, query) {
  const villages = await registryVillages();
  if (token !== state.renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages[0] || {}).id;
  if (!village) return;
  const [households, posts] = await Promise.all([getJson(`/api/registry/villages/${enc(village)}/households`),
    getJson(`/api/registry/villages/${enc(village)}/posts`)]);
  if (token !== state.renderToken) return;
  const head = new Map(households.map((x) => [x.id, x.headName]));
  const ranges = (list) => (list || []).map((r) => `${r.from} – ${r.to || t('to_now')}`).join('；');
  const editing = may('REGISTER_EDIT');
  const formBox = h('div', { id: 'register-form-box' });
  const openForm = (form) => { // one form at a time, under the tables, its first field to type in focused
    formBox.replaceChildren(form);
    form.scrollIntoView({ block: 'nearest' });
    const first = form.querySelector('input:not([readonly])');
    if (first) first.focus();
  };
  const editButton = (onclick) => h('button', { type: 'button', class: 'edit', text: t('edit'), onclick });
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('register_title') }), takeFlash('register'),
    h('div', { class: 'toolbar filters' }, villageChooser(villages, village, '#/register')),
    h('h3', { text: `${t('households_table')} (${households.length})` }),
    table([
      { label: '#', cell: (x) => x.id }, { label: t('head_name'), cell: (x) => x.headName }, { label: t('id_number'), cell: (x) => x.idNumber },
      { label: t('size'), num: true, cell: (x) => x.size }, { label: t('attributes'), cell: (x) => (x.attributes || []).map((a) => t(a)).join('、') || '–' },
      { label: t('enrollments'), cell: (x) => ranges(x.enrollments) }, { label: t('enrolled_today'), cell: (x) => (x.enrolledToday ? t('yes') : t('no')) },
      ...(editing ? [{ label: t('actions'), cell: (x) => editButton(() => openForm(householdForm(village, x))) }] : []),
    ], households, { id: 'register-households', rowProps: (x) => ({ class: 'household', dataset: { id: x.id } }), emptyText: t('none') }),
    editing ? h('div', { class: 'actions' }, h('button', { type: 'button', id: 'btn-add-household', text: t('add_household'),
      onclick: () => openForm(householdForm(village, null)) })) : null,
    h('h3', { text: `${t('posts_table')} (${posts.length})` }),
    table([
      { label: '#', cell: (p) => p.id }, { label: t('post_title'), cell: (p) => p.title },
      { label: t('holder'), cell: (p) => head.get(p.holderHousehold) || p.holderHousehold || '–' },
      { label: t('monthly_wage'), num: true, cell: (p) => yuan(p.monthlyWageYuan) }, { label: t('active_range'), cell: (p) => ranges([p.active]) },
      ...(editing ? [{ label: t('actions'), cell: (p) => editButton(() => openForm(postForm(village, p, households))) }] : []),
    ], posts, { id: 'register-posts', rowProps: (p) => ({ class: 'post', dataset: { id: p.id } }), emptyText: t('none') }),
    editing ? h('div', { class: 'actions' }, h('button', { type: 'button', id: 'btn-add-post', text: t('add_post'),
      onclick: () => openForm(postForm(village, null, households)) })) : null,
    formBox,
    h('div', { class: 'actions' }, h('span', { text: t('download') + '：' }),
      ...['households', 'posts'].flatMap((tb) => ['csv', 'xlsx'].map((f) => h('a', { class: 'button', id: `export-${tb}-${f}`,
        href: `/api/registry/${tb}/export.${f}`, text: `${t(tb + '_table')} ${f.toUpperCase()}` })))));
  view.append(panel);
  if (!editing) return;
  const result = h('div', { id: 'upload-result' });
  const tableSelect = h('select', { id: 'up-table' }, ['households', 'posts'].map((x) => h('option', { value: x, text: t(x + '_table') })));
  const file = h('input', { type: 'file', id: 'up-file', accept: '.csv,.xlsx,text/csv' });
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('upload') }), h('form', { class: 'form-row', id: 'upload-form', onsubmit: (e) => {
    e.preventDefault();
    const f = file.files[0];
    if (!f) return;
    result.replaceChildren();
    sendFile('PUT', `/api/registry/${tableSelect.value}`, f).then((r) => {
      state.registryVillagesCache = null;
      state.flash = { page: 'register', text: t('upload_done', r.written) };
      render();
    }).catch(async (err) => {
      const problems = (err.body && err.body.problems) || [];
      if (!problems.length) { result.replaceChildren(h('p', { class: 'error' }, errorNode(err, t('action_failed')))); return; }
      const parsed = problems.map(parseProblem);
      result.append(h('p', { class: 'error', id: 'upload-error', text: t('upload_problems', parsed.length) }), table([
        { label: t('row'), num: true, cell: (p) => p.row }, { label: t('column'), cell: (p) => p.column || '–' },
        { label: t('problem'), cell: (p) => (state.lang === 'en' ? p.en : p.zh) },
      ], parsed, { id: 'upload-problems', rowProps: () => ({ class: 'problem' }) }));
      if (/\.csv$/i.test(f.name)) { // the file itself, its bad cells marked where they are
        const rows = parseCsv((await f.text()).replace(/^\uFEFF/, ''));
        const header = rows[0] || [];
        const bad = new Set(parsed.filter((p) => p.row).map((p) => `${p.row}:${header.indexOf(p.column)}`));
        const badRows = new Set(parsed.map((p) => p.row));
        const grid = h('table', { id: 'upload-file', class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { text: t('row') }), header.map((c) => h('th', { text: c })))),
          h('tbody', {}, rows.slice(1).map((r, i) => h('tr', { class: badRows.has(i + 2) ? 'bad-row' : null }, h('td', { class: 'num', text: String(i + 2) }),
            r.map((c, j) => h('td', { class: bad.has(`${i + 2}:${j}`) || (badRows.has(i + 2) && bad.has(`${i + 2}:-1`)) ? 'bad-cell' : null,
              text: c }))))));
        result.append(h('div', { class: 'table-wrap' }, grid));
      }
    });
  } }, h('label', {}, t('upload_table'), tableSelect), h('label', {}, t('choose_file'), file),
  h('button', { type: 'submit', class: 'primary', id: 'up-submit', text: t('upload') })), result));
}
