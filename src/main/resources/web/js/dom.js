// pvmon dashboard: a small DOM helper: h() builds an element, table() a table that becomes cards on a phone, badges and links.

export const $ = (sel) => document.querySelector(sel);

export const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`); // for chart tooltips (HTML)

/** h('td', {class: 'num', text: '1'}, child...) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

// ---- tables ----------------------------------------------------------------------------------------------------

/**
 * A table: columns [{label, num, class, cell(row) -> text or Node}], rows; no rows: one row saying {@code emptyText}.
 * Inside a box that scrolls sideways when the table is wider than its panel; on a phone each row becomes a card whose
 * cells carry their column's label ({@code grid: true} keeps a month-by-month grid a grid, scrolled instead).
 */
export function table(columns, rows, { id, rowProps, emptyText, foot, grid } = {}) {
  const thead = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : null, text: c.label }))));
  const tbody = h('tbody');
  for (const r of rows) {
    const tr = h('tr', rowProps ? rowProps(r) : {});
    for (const c of columns) {
      const v = c.cell(r);
      tr.append(h('td', { class: c.num ? 'num' : c.class || null, dataset: { label: c.label } },
        v instanceof Node ? v : (v === null || v === undefined ? '–' : String(v))));
    }
    tbody.append(tr);
  }
  if (rows.length === 0) tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: columns.length, text: emptyText || '' })));
  const tfoot = foot ? h('tfoot', {}, h('tr', {}, foot.map((f, i) => h('td', { class: columns[i] && columns[i].num ? 'num' : null,
    dataset: { label: (columns[i] && columns[i].label) || '' }, text: f })))) : null;
  return h('div', { class: 'table-wrap' }, h('table', { id, class: grid ? 'grid' : 'tcards' }, thead, tbody, tfoot));
}

export const badge = (cls, text) => h('span', { class: 'badge ' + cls, text });

export const link = (href, text) => h('a', { href, text });

export const stationLink = (id, name) => h('a', { href: '#/station/' + encodeURIComponent(id), class: 'station-link' }, name || id, h('span', { class: 'id', text: id }));
