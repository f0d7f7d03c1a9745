// pvmon dashboard: one small app, hash routing, no framework, no network beyond this service (offline government
// networks). Charts: Apache ECharts, served by the service at /vendor/echarts/echarts.min.js.
'use strict';

const I18N = {
  'zh-CN': {
    title: '村级光伏扶贫电站监测', nav_overview: '电站总览', nav_alerts: '告警', nav_revenue: '收益', nav_statements: '分配表',
    stations: '电站', online: '在线', offline: '离线', no_data: '无数据',
    power_now: '当前总功率 (kW)', energy_today: '今日发电量 (kWh)', filter: '按电站、乡镇、村筛选',
    station: '电站', township: '乡镇', village: '村', capacity: '装机 (kWp)', state: '状态', power: '功率 (kW)',
    today: '今日 (kWh)', last_report: '最后上报', loading: '加载中…', ingest: '数据接入',
    date: '日期', energy_kwh: '发电量 (kWh)', notes: '说明', updated: '更新于',
    curve_of: (d) => `${d} 功率曲线 (kW)`, daily_of: '近 30 天日发电量 (kWh)', grid_date: '并网日期', capacity_short: '装机',
    no_rows: '没有匹配的电站',
    counters: (c) => `收到 ${c.received} · 写入 ${c.written + c.replayed} · 拒收 ${c.rejected} · 缓存待补写 ${c.spoolPending} · 丢失 ${c.dropped}`,
    load_failed: '无法加载数据：', estimated: '估算', no_data_day: '无数据',
    revenue_month: '本月应收收益 (元)', month_yuan: '本月收益 (元)', open_alerts: '未处理告警',
    townships_chart: '各乡镇今日发电量与本月收益', township_summary: (n, on, kwh, yuan) => `${n} 座电站 · 在线 ${on} · 今日 ${kwh} kWh · 本月 ${yuan} 元`,
    alert_type: '类型', since: '开始时间', lost_kwh: '损失电量 (kWh)', lost_yuan: '损失收益 (元)',
    alert_status: '处理状态', no_alerts: '没有告警', alerts_of_station: '本站告警', detail: '详情',
    OFFLINE: '离线', IDLE: '零发电', UNDERPERFORMING: '发电偏低', METER: '电表异常',
    OPEN: '未确认', ACKNOWLEDGED: '已确认', RESOLVED: '已解除',
    status: '状态', status_open: '未解除', status_all: '全部 (含已解除)', all_types: '全部类型', all_townships: '全部乡镇',
    acknowledged: '确认', resolved: '解除', actions: '操作', acknowledge: '确认', resolve: '解除', auto: '自动',
    ack_title: '确认告警', resolve_title: '手动解除告警', by: '处理人', comment: '说明', cancel: '取消', confirm: '确定',
    by_required: '请填写处理人', alerts_total: (n, kwh, yuan) => `${n} 条 · 损失 ${kwh} kWh · ${yuan} 元`,
    revenue_title: '各村收益 (元，按月)', months_ending: '截至月份', all_villages: '全部村', total: '合计',
    benchmark: '燃煤基准电价部分', subsidy: '国家补贴部分', partial_note: '* 本月尚未结束，统计至今日',
    revenue_chart: (v) => `${v} 月度收益 (元)`, statements_link: '分配表',
    statements_title: '村级收益分配表', choose_village: '选择村', month: '月份', kind: '类型', created: '创建',
    approved: '审核', published: '公示', paid: '发放', basis_yuan: '收益 (元)', deductions_yuan: '扣除 (元)',
    allocations_yuan: '分配 (元)', collective_yuan: '村集体 (元)', distributable_yuan: '可分配 (元)', view: '查看',
    no_statements: '该村还没有分配表', preview: '预览', create_draft: '生成草稿',
    DRAFT: '草稿', APPROVED: '已审核', PUBLISHED: '已公示', PAID: '已发放', REGULAR: '月度', ADJUSTMENT: '调整',
    approve: '审核通过', publish: '公示', pay: '确认发放', approve_title: '审核分配表', publish_title: '公示分配表',
    pay_title: '确认已发放', statement_of: (v, m) => `${v} ${m} 收益分配表`, preview_of: (v, m) => `${v} ${m} 收益分配表（预览，未保存）`,
    lifecycle: '流程', totals: '合计', reconciles: '收支平衡', not_reconciled: '不平衡',
    revenue_lines: '收益来源', share: '份额', part: '部分', BENCHMARK: '燃煤基准电价', SUBSIDY: '国家补贴',
    amount_yuan: '金额 (元)', deductions: '扣除项目', rule: '计算方法', carried_in: '上月结转', due: '应付', paid_yuan: '实付',
    shortfall: '欠付', allocations: '分配项目', target: '目标', posts: '公益岗位', post_title: '岗位', holder: '在岗人',
    days_active: '在岗天数', households: '受益户', head_name: '户主', id_number: '身份证号 (脱敏)', weight: '权重',
    days_enrolled: '纳入天数', capped: '封顶', carried_forward: '结转下月', differences: '与原分配表的差额',
    export_office: '村务版', export_notice: '公示版', export_label: '导出：', money_flow: '资金去向 (元)',
    adjusts: '调整的分配表', adjusted_by: '调整分配表', basis: '收益口径', plan: '分配方案',
    estimated_energy: '含估算电量', yes: '是', no: '否', back: '返回',
    sign_in_title: '登录', username: '用户名', password: '密码', sign_in: '登录', logout: '退出',
    change_password_title: '修改密码', must_change: '首次登录或密码已被重置：请设置新密码（至少 10 个字符，字母与数字混合）。',
    current_password: '当前密码', new_password: '新密码', repeat_password: '再次输入新密码', passwords_differ: '两次输入的新密码不一致',
    acting_as: (n) => `操作人：${n}（当前登录用户）`, nav_users: '用户', nav_audit: '审计日志',
    users_title: '用户', tokens_title: 'API 令牌（供程序调用）', display_name: '姓名', role: '角色', scope: '范围',
    county: '县', locked: '已锁定', disabled: '已停用', active: '正常', create_user: '新建用户', reset_password: '重置密码',
    disable: '停用', enable: '启用', one_time: (u, p) => `用户 ${u} 的一次性密码（只显示这一次，请当面交给本人）：`,
    token_secret: '新令牌（只显示这一次，请立即复制保存）：', create_token: '新建令牌', revoke: '撤销', revoked: '已撤销',
    token_name: '令牌名称', for_user: '所属用户', expires_days: '有效天数（可空）', last_used: '最近使用', expires: '过期',
    everywhere: '全部', ADMIN: '系统管理员', COUNTY_MANAGER: '县级项目管理员', TOWNSHIP_OFFICER: '乡镇干部',
    VILLAGE_OFFICER: '村干部', OM: '运维人员', AUDITOR: '审计员', village_id: '村编号',
    audit_title: '审计日志', audit_verify: '校验哈希链', audit_intact: (n) => `哈希链完整：共 ${n} 条`,
    audit_broken: (seq, p) => `哈希链在第 ${seq} 条处断开：${p}`, at: '时间', actor: '操作人', action: '操作', target: '对象',
    from: '来源地址', export_csv: '导出 CSV', no_entries: '没有记录',
  },
  en: {
    title: 'Village PV Poverty-Alleviation Stations', nav_overview: 'Fleet', nav_alerts: 'Alerts', nav_revenue: 'Revenue',
    nav_statements: 'Statements', stations: 'Stations', online: 'Online', offline: 'Offline',
    no_data: 'No data', power_now: 'Power now (kW)', energy_today: 'Energy today (kWh)',
    filter: 'Filter by station, township, village', station: 'Station', township: 'Township', village: 'Village',
    capacity: 'Capacity (kWp)', state: 'State', power: 'Power (kW)', today: 'Today (kWh)', last_report: 'Last report',
    loading: 'Loading…', ingest: 'Ingest', date: 'Date', energy_kwh: 'Energy (kWh)',
    notes: 'Notes', updated: 'Updated', curve_of: (d) => `Power on ${d} (kW)`, daily_of: 'Daily energy, last 30 days (kWh)',
    grid_date: 'Grid connection', capacity_short: 'Capacity', no_rows: 'No station matches',
    counters: (c) => `received ${c.received} · stored ${c.written + c.replayed} · rejected ${c.rejected} · spooled ${c.spoolPending} · lost ${c.dropped}`,
    load_failed: 'Cannot load data: ', estimated: 'estimated', no_data_day: 'no data',
    revenue_month: 'Accrued this month (yuan)', month_yuan: 'This month (yuan)', open_alerts: 'Open alerts',
    townships_chart: "Today's energy and this month's revenue by township",
    township_summary: (n, on, kwh, yuan) => `${n} stations · ${on} online · today ${kwh} kWh · this month ${yuan} yuan`,
    alert_type: 'Type', since: 'Since', lost_kwh: 'Lost energy (kWh)', lost_yuan: 'Lost revenue (yuan)',
    alert_status: 'Status', no_alerts: 'No alerts', alerts_of_station: "This station's alerts", detail: 'Detail',
    OFFLINE: 'Offline', IDLE: 'Zero output', UNDERPERFORMING: 'Underperforming', METER: 'Meter anomaly',
    OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved',
    status: 'Status', status_open: 'Open', status_all: 'All (with resolved)', all_types: 'All types', all_townships: 'All townships',
    acknowledged: 'Acknowledged', resolved: 'Resolved', actions: 'Actions', acknowledge: 'Acknowledge', resolve: 'Resolve',
    auto: 'automatic', ack_title: 'Acknowledge alert', resolve_title: 'Resolve alert by hand', by: 'Your name',
    comment: 'Comment', cancel: 'Cancel', confirm: 'OK', by_required: 'Please enter your name',
    alerts_total: (n, kwh, yuan) => `${n} alerts · lost ${kwh} kWh · ${yuan} yuan`,
    revenue_title: 'Revenue by village and month (yuan)', months_ending: 'Up to month', all_villages: 'All villages',
    total: 'Total', benchmark: 'Benchmark part', subsidy: 'Subsidy part', partial_note: '* month not over: up to today',
    revenue_chart: (v) => `${v}: monthly revenue (yuan)`, statements_link: 'Statements',
    statements_title: 'Village distribution statements', choose_village: 'Village', month: 'Month', kind: 'Kind',
    created: 'Created', approved: 'Approved', published: 'Published', paid: 'Paid', basis_yuan: 'Revenue (yuan)',
    deductions_yuan: 'Deductions (yuan)', allocations_yuan: 'Allocations (yuan)', collective_yuan: 'Collective (yuan)',
    distributable_yuan: 'Distributable (yuan)', view: 'View', no_statements: 'No statements for this village yet',
    preview: 'Preview', create_draft: 'Create draft',
    DRAFT: 'Draft', APPROVED: 'Approved', PUBLISHED: 'Published', PAID: 'Paid', REGULAR: 'Monthly', ADJUSTMENT: 'Adjustment',
    approve: 'Approve', publish: 'Publish', pay: 'Mark paid', approve_title: 'Approve statement',
    publish_title: 'Publish statement', pay_title: 'Mark statement paid',
    statement_of: (v, m) => `${v}: statement for ${m}`, preview_of: (v, m) => `${v}: statement for ${m} (preview, not stored)`,
    lifecycle: 'Lifecycle', totals: 'Totals', reconciles: 'reconciles', not_reconciled: 'does not reconcile',
    revenue_lines: 'Revenue', share: 'Share', part: 'Part', BENCHMARK: 'Benchmark', SUBSIDY: 'Subsidy',
    amount_yuan: 'Amount (yuan)', deductions: 'Deductions', rule: 'Rule', carried_in: 'Carried in', due: 'Due',
    paid_yuan: 'Paid', shortfall: 'Shortfall', allocations: 'Allocations', target: 'Target', posts: 'Public-welfare posts',
    post_title: 'Post', holder: 'Holder', days_active: 'Days active', households: 'Households', head_name: 'Head of household',
    id_number: 'ID number (masked)', weight: 'Weight', days_enrolled: 'Days enrolled', capped: 'Capped',
    carried_forward: 'Carried forward', differences: 'Differences from the adjusted statement',
    export_office: 'office', export_notice: 'public notice', export_label: 'Export: ', money_flow: 'Where the money goes (yuan)',
    adjusts: 'Adjusts statement', adjusted_by: 'Adjusted by', basis: 'Basis', plan: 'Plan',
    estimated_energy: 'energy partly estimated', yes: 'yes', no: 'no', back: 'Back',
    sign_in_title: 'Sign in', username: 'Username', password: 'Password', sign_in: 'Sign in', logout: 'Sign out',
    change_password_title: 'Change password', must_change: 'First sign-in or a reset password: choose a new one (at least 10 characters, letters and digits mixed).',
    current_password: 'Current password', new_password: 'New password', repeat_password: 'New password again',
    passwords_differ: 'The two new passwords differ', acting_as: (n) => `Recorded as ${n} (signed in)`, nav_users: 'Users',
    nav_audit: 'Audit log', users_title: 'Users', tokens_title: 'API tokens (for programs)', display_name: 'Name', role: 'Role',
    scope: 'Scope', county: 'County', locked: 'locked', disabled: 'disabled', active: 'active', create_user: 'New user',
    reset_password: 'Reset password', disable: 'Disable', enable: 'Enable',
    one_time: (u, p) => `One-time password of ${u} (shown once; hand it over in person):`,
    token_secret: 'New token (shown once; copy it now):', create_token: 'New token', revoke: 'Revoke', revoked: 'revoked',
    token_name: 'Token name', for_user: 'User', expires_days: 'Valid days (optional)', last_used: 'Last used', expires: 'Expires',
    everywhere: 'everywhere', ADMIN: 'Administrator', COUNTY_MANAGER: 'County manager', TOWNSHIP_OFFICER: 'Township officer',
    VILLAGE_OFFICER: 'Village officer', OM: 'O&M', AUDITOR: 'Auditor', village_id: 'Village id',
    audit_title: 'Audit log', audit_verify: 'Verify the hash chain', audit_intact: (n) => `Hash chain intact: ${n} entries`,
    audit_broken: (seq, p) => `Hash chain broken at entry ${seq}: ${p}`, at: 'Time', actor: 'Who', action: 'Action', target: 'Target',
    from: 'From', export_csv: 'Export CSV', no_entries: 'No entries',
  },
};

const ZONE = 'Asia/Shanghai';
let lang = localStorage.getItem('pvmon.lang') || 'zh-CN';
let clock = null;          // GET /api/clock: the service's today and month (office PC clocks are often wrong)
let charts = [];           // the ECharts instances of the current view
let renderToken = 0;       // a newer render makes an older, slower one stop
let me = null;             // GET /api/session: the signed-in user, their permissions and the session's CSRF token
let villagesCache = null;  // [{village, name}] from the revenue roll-up
let lastPath = null;       // the route path last shown
let overviewFilter = '';   // the overview's filter text, kept across its refreshes
const PAGE_LOAD = Date.now().toString(36); // tells renders of different page loads apart

const t = (key, ...args) => {
  const v = I18N[lang][key];
  if (v === undefined) return key;
  return typeof v === 'function' ? v(...args) : v;
};
const $ = (sel) => document.querySelector(sel);
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`); // for chart tooltips (HTML)
const num = (v) => (v === null || v === undefined ? null : Number(v));

/** h('td', {class: 'num', text: '1'}, child...) */
function h(tag, props = {}, ...children) {
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

const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(Number(n))) ? '–'
  : Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const yuan = (n) => fmt(n, 2);

const STAMP = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as yyyy-MM-dd HH:mm in Shanghai time: the same unambiguous form in both languages. */
function localTime(iso) {
  if (!iso) return '–';
  const p = Object.fromEntries(STAMP.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "中文 English" (the default plan's names, the service's notes "中文 | English"): the half of the current language. */
function bi(text) {
  if (text === null || text === undefined) return '';
  const s = String(text);
  const bar = s.split(' | ');
  if (bar.length === 2) return lang === 'en' ? bar[1] : bar[0];
  const m = s.match(/^(.*[\u4e00-\u9fff]) ([A-Za-z][ -~]*)$/);
  return m ? (lang === 'en' ? m[2] : m[1]) : s;
}

/** yyyy-MM-dd plus days (calendar arithmetic on the date alone). */
function addDays(date, days) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** An answer of the service that is not 2xx: its status and its JSON error body. */
class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || String(status));
    this.status = status;
    this.code = body && body.error;
    this.body = body || {};
  }
}

/** What the user reads of an error: the code translated ("err_" + code), the service's own words only as a detail. */
function errorText(e) {
  if (e instanceof ApiError) {
    const key = 'err_' + (e.code || 'http');
    return I18N[lang][key] !== undefined ? t(key) : t('err_http', e.status);
  }
  return t('err_network');
}

/** The error as a node: the translated sentence, the service's message folded away under 详情 / Details. */
function errorNode(e, prefix) {
  const box = h('span', {}, (prefix || '') + errorText(e));
  const detail = e instanceof ApiError ? e.message : (e && e.message) || String(e);
  if (detail && detail !== String(e.status)) {
    box.append(' ', h('details', { class: 'error-detail' }, h('summary', { text: t('detail') }), h('code', { text: detail })));
  }
  return box;
}

const may = (permission) => !!(me && me.permissions.includes(permission));

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && me && me.csrfToken) headers['X-CSRF-Token'] = me.csrfToken;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401 && path !== '/api/session') { me = null; showSignIn(); }
    throw new ApiError(r.status, json);
  }
  return json;
}

const getJson = (path) => request('GET', path);
const postJson = (path, body) => request('POST', path, body === undefined ? {} : body);

/** Sends a file as it is (a CSV or XLSX upload); resolves to the JSON answer, or throws an ApiError. */
async function sendFile(method, path, file) {
  const type = /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  const headers = { Accept: 'application/json', 'Content-Type': type };
  if (me && me.csrfToken) headers['X-CSRF-Token'] = me.csrfToken;
  const r = await fetch(path, { method, headers, body: file, credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    if (r.status === 401) { me = null; showSignIn(); }
    throw new ApiError(r.status, json);
  }
  return json;
}

// ---- signing in --------------------------------------------------------------------------------------------------

function showUser() {
  const box = $('#user');
  box.hidden = !me;
  if (me) {
    $('#user-name').textContent = `${me.displayName} · ${t(me.role)}`;
    $('#user-scope').textContent = me.scope.county ? me.scope.label : t('everywhere');
  }
  // a link shows when the role has its permission; the county's month-end is not a village officer's page
  document.querySelectorAll('[data-perm]').forEach((el) => {
    el.hidden = !may(el.dataset.perm) || (el.dataset.scope === 'county' && !!(me && me.scope.village));
  });
}

/** Below 1100 px the menu folds behind its button; choosing a page folds it again. */
function setMenu(open) {
  document.querySelector('header').classList.toggle('open', open);
  $('#nav-toggle').setAttribute('aria-expanded', String(open));
}
$('#nav-toggle').addEventListener('click', () => setMenu(!document.querySelector('header').classList.contains('open')));
document.querySelectorAll('#nav a').forEach((a) => a.addEventListener('click', () => setMenu(false)));

/** The sign-in form in place of the page; on success the page the address names is shown. */
function showSignIn() {
  villagesCache = null; // the next user's scope may differ
  registryVillagesCache = null;
  $('#counters').textContent = '–';
  $('#nav-alert-count').textContent = '';
  showUser();
  const error = h('p', { class: 'error', id: 'login-error', hidden: true });
  const user = h('input', { type: 'text', id: 'login-username', autocomplete: 'username', required: true, maxlength: 64 });
  const pass = h('input', { type: 'password', id: 'login-password', autocomplete: 'current-password', required: true, maxlength: 200 });
  const form = h('form', { class: 'panel login', id: 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      me = await request('POST', '/api/session', { username: user.value.trim(), password: pass.value });
      render();
    } catch (err) {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
    }
  } }, h('h2', { text: t('sign_in_title') }),
  h('label', {}, t('username'), user), h('label', {}, t('password'), pass), error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'login-submit', text: t('sign_in') })));
  const view = h('div', { id: 'view', dataset: { page: 'login', ready: 'true', render: `${PAGE_LOAD}-login-${++renderToken}` } }, form);
  $('#view').replaceWith(view);
  $('#error').hidden = true;
  user.focus();
}

/** The forced change of a one-time password, before anything else. */
function showChangePassword() {
  showUser();
  const error = h('p', { class: 'error', id: 'password-error', hidden: true });
  const current = h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', required: true, minlength: 10 });
  const again = h('input', { type: 'password', id: 'pw-again', autocomplete: 'new-password', required: true, minlength: 10 });
  const form = h('form', { class: 'panel login', id: 'password-form', onsubmit: async (e) => {
    e.preventDefault();
    if (next.value !== again.value) { error.textContent = t('passwords_differ'); error.hidden = false; return; }
    try {
      me = await postJson('/api/session/password', { current: current.value, password: next.value });
      render();
    } catch (err) {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
    }
  } }, h('h2', { text: t('change_password_title') }), h('p', { class: 'muted', text: t('must_change') }),
  h('label', {}, t('current_password'), current), h('label', {}, t('new_password'), next), h('label', {}, t('repeat_password'), again), error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'password-submit', text: t('confirm') })));
  $('#view').replaceWith(h('div', { id: 'view', dataset: { page: 'password', ready: 'true', render: `${PAGE_LOAD}-password-${++renderToken}` } }, form));
}

$('#logout').addEventListener('click', async () => {
  try { await request('DELETE', '/api/session'); } catch (e) { /* signed out either way */ }
  me = null;
  showSignIn();
});

// ---- charts ----------------------------------------------------------------------------------------------------

let pendingCharts = []; // charts of the view being built: drawn once it is on the page and its boxes have a size

function chart(container, option) {
  pendingCharts.push({ container, option });
}

const narrow = () => window.matchMedia('(max-width: 700px)').matches;

function drawPendingCharts() {
  charts.forEach((c) => c.dispose());
  chartBoxes.disconnect();
  charts = pendingCharts.map(({ container, option }) => {
    const c = echarts.init(container, null, { locale: lang === 'en' ? 'EN' : 'ZH', renderer: 'canvas' });
    c.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option));
    chartBoxes.observe(container);
    return c;
  });
  pendingCharts = [];
}

// A chart follows its box (a turned phone, a collapsed column, a resized window), not only the window.
const chartBoxes = new ResizeObserver((entries) => {
  for (const e of entries) {
    const c = echarts.getInstanceByDom(e.target);
    if (c && e.contentRect.width > 0) c.resize();
  }
});

const COLORS = { ok: '#1b7f3b', bad: '#b3261e', accent: '#d97706', blue: '#0f3d5e', light: '#5b8db8', grey: '#9aa5b1' };

// ---- tables ----------------------------------------------------------------------------------------------------

/**
 * A table: columns [{label, num, class, cell(row) -> text or Node}], rows; no rows: one row saying {@code emptyText}.
 * Inside a box that scrolls sideways when the table is wider than its panel; on a phone each row becomes a card whose
 * cells carry their column's label ({@code grid: true} keeps a month-by-month grid a grid, scrolled instead).
 */
function table(columns, rows, { id, rowProps, emptyText, foot, grid } = {}) {
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

const badge = (cls, text) => h('span', { class: 'badge ' + cls, text });
const link = (href, text) => h('a', { href, text });
const stationLink = (id, name) => h('a', { href: '#/station/' + encodeURIComponent(id), class: 'station-link' }, name || id, h('span', { class: 'id', text: id }));

// ---- dialog (acknowledge, resolve, approve, publish, pay) ---------------------------------------------------------

/**
 * Asks to confirm (and, with {@code withComment}, why); resolves to {comment} or null when cancelled. The actor is the
 * signed-in user. {@code extra}: nodes shown above the comment (e.g. the amount to confirm); {@code check()}: an error
 * text that keeps the dialog open, or null; {@code commentRequired}: the comment may not be empty.
 */
function askStep(title, what, withComment, { extra, check, commentRequired, placeholder } = {}) {
  const dialog = $('#step-dialog');
  $('#step-title').textContent = title;
  $('#step-what').textContent = what;
  $('#step-actor').textContent = t('acting_as', me ? `${me.displayName} (${me.username})` : '');
  $('#step-comment').value = '';
  $('#step-comment').placeholder = placeholder || '';
  $('#step-comment-label').hidden = !withComment;
  $('#step-error').hidden = true;
  $('#step-extra').replaceChildren(...(extra || []));
  return new Promise((resolve) => {
    const done = (value) => {
      $('#step-form').onsubmit = null;
      $('#step-cancel').onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    $('#step-form').onsubmit = (e) => {
      e.preventDefault();
      const comment = $('#step-comment').value.trim() || null;
      const problem = (commentRequired && !comment) ? t('comment_required') : (check ? check() : null);
      if (problem) { $('#step-error').textContent = problem; $('#step-error').hidden = false; return; }
      done({ comment });
    };
    $('#step-cancel').onclick = () => done(null);
    dialog.onclose = () => done(null);
    dialog.showModal();
    const first = $('#step-extra').querySelector('input');
    (first || (withComment ? $('#step-comment') : $('#step-ok'))).focus();
  });
}

// ---- pages -----------------------------------------------------------------------------------------------------

async function overviewPage(view, token) {
  const today = clock.today;
  const [stations, energy, revenue, open] = await Promise.all([
    getJson('/api/stations'),
    getJson(`/api/energy/daily?from=${today}&to=${today}`),
    may('MONEY_READ') ? getJson(`/api/revenue/monthly?month=${clock.month}`) : { stations: [], totals: { totalYuan: null } },
    getJson('/api/alerts?status=open'),
  ]);
  if (token !== renderToken) return;
  const kwhToday = new Map(energy.stations.map((s) => [s.station, s.days.some((d) => d.hasData) ? num(s.totalKwh) : null]));
  const yuanMonth = new Map(revenue.stations.map((r) => [r.station, num(r.totalYuan)]));
  const alertsOf = new Map();
  for (const a of open.alerts) alertsOf.set(a.station, [...(alertsOf.get(a.station) || []), a]);
  const count = (state) => stations.filter((s) => s.online === state).length;
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

  const filter = h('input', { type: 'search', id: 'filter', placeholder: t('filter'), value: overviewFilter });
  view.append(h('div', { class: 'toolbar' }, filter, h('span', { class: 'updated', id: 'updated',
    text: `${t('updated')} ${localTime(clock.now)}` })));
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
  filter.addEventListener('input', () => { overviewFilter = filter.value; renderGroups(); });
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

function alertColumns({ withStation, withActions, onDone }) {
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
function alertText(a) {
  const since = localTime(a.since);
  const lost = t('lost_so_far', fmt(num(a.lostKwh), 1), yuan(num(a.lostYuan)));
  const what = { OFFLINE: t('alert_offline', since), IDLE: t('alert_idle', since), UNDERPERFORMING: t('alert_under', since),
    METER: t('alert_meter', since) }[a.type] || t(a.type);
  return lang === 'en' && a.detail ? `${what}; ${lost} (${a.detail})` : `${what}；${lost}`;
}

/** The villages whose income the station's loss is, and their households enrolled today. */
function affectedText(a) {
  const vs = a.affectedVillages || [];
  if (!vs.length) return '–';
  return vs.map((v) => t('affected_village', v.name, fmt(num(v.share) * 100, 0), v.households)).join(lang === 'en' ? '; ' : '；')
    + (vs.length > 1 ? ` (${t('households_n', a.affectedHouseholds)})` : '');
}

/** A step's comment; the service's own ("the station recovered") in the user's language. */
function stepComment(step) {
  return step.comment === 'the station recovered' ? t('station_recovered') : step.comment;
}

async function alertStep(a, step, onDone) {
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

async function stationPage(view, token, id) {
  const today = clock.today;
  const enc = encodeURIComponent(id);
  const [s, curve, days, alerts, revenue] = await Promise.all([
    getJson(`/api/stations/${enc}`),
    getJson(`/api/stations/${enc}/power?date=${today}`),
    getJson(`/api/stations/${enc}/energy/daily?from=${addDays(today, -29)}&to=${today}`),
    getJson('/api/alerts?status=all'),
    may('MONEY_READ') ? getJson(`/api/stations/${enc}/revenue/monthly?month=${clock.month}`) : { totalYuan: null },
  ]);
  if (token !== renderToken) return;
  view.append(h('p', { class: 'crumbs' }, link('#/', t('nav_overview')), ` › ${s.township} › ${s.village}`));
  view.append(h('section', { class: 'panel', id: 'detail' },
    h('h2', { id: 'detail-title' }, `${s.name} (${s.id}) `, badge(s.online, t(s.online))),
    h('div', { class: 'detail-meta', id: 'detail-meta', text: `${s.county} ${s.township} ${s.village} · ${t('capacity_short')} ${fmt(s.capacityKwp, 1)} kWp · `
      + `${t('grid_date')} ${s.gridConnectionDate} · ${t('power')} ${s.latest ? fmt(s.latest.powerKw, 2) : '–'} · `
      + `${t('last_report')} ${s.latest ? localTime(s.latest.time) : '–'} · ${t('month_yuan')} ${yuan(revenue.totalYuan)}` })));
  const curveBox = h('div', { class: 'chart', id: 'chart-power' });
  const dailyBox = h('div', { class: 'chart', id: 'chart-daily' });
  view.append(h('div', { class: 'two' },
    h('section', { class: 'panel' }, h('h2', { text: t('curve_of', curve.date) }), curveBox),
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
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;
  chart(curveBox, {
    tooltip: { trigger: 'axis', formatter: (p) => `${hhmm(p[0].value[0])}<br>${fmt(p[0].value[1], 2)} kW` },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 1440, interval: 180, axisLabel: { formatter: hhmm } },
    yAxis: { type: 'value', name: 'kW', max: (v) => Math.max(v.max, s.capacityKwp) },
    series: [{ type: 'line', showSymbol: false, areaStyle: { opacity: 0.15 }, itemStyle: { color: COLORS.accent },
      data: curve.points.filter((p) => p.powerKw !== null).map((p) => [minutesOf(p.time), Math.max(0, p.powerKw)]) }],
  });
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

function parseQuery(q) {
  return Object.fromEntries(new URLSearchParams(q || ''));
}

function setQuery(path, params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  location.hash = path + (q ? '?' + q : '');
}

async function alertsPage(view, token, query) {
  const status = query.status === 'all' ? 'all' : 'open';
  const [list, stations] = await Promise.all([getJson(`/api/alerts?status=${status}`), getJson('/api/stations')]);
  if (token !== renderToken) return;
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

async function villages() {
  if (!villagesCache) {
    villagesCache = (await getJson(`/api/revenue/monthly?month=${clock.month}`)).villages.map((v) => ({ village: v.village, name: v.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
  return villagesCache;
}

async function revenuePage(view, token, query) {
  const end = /^\d{4}-\d{2}$/.test(query.month || '') && query.month <= clock.month ? query.month : clock.month;
  const months = [];
  for (let i = 5; i >= 0; i--) { const m = addMonths(end, -i); if (m >= '2014-01') months.push(m); }
  const [registryStations, ...results] = await Promise.all([getJson('/api/registry/stations'),
    ...months.map((m) => getJson(`/api/revenue/monthly?month=${m}`))]);
  if (token !== renderToken) return;
  // A village's month without a single reading is "no data", not 0.00 (an idle station that reported is 0.00).
  const owned = new Map();
  for (const st of registryStations) for (const o of st.owners || []) owned.set(o.village, [...(owned.get(o.village) || []), st.id]);
  const hasData = (v, r) => {
    const days = r.partial ? Number(clock.today.slice(8, 10)) : new Date(Date.UTC(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7)), 0)).getUTCDate();
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
  const monthSelect = h('input', { type: 'month', id: 'f-month', value: end, max: clock.month, min: '2014-01',
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

const STEPS = { DRAFT: 'approve', APPROVED: 'publish', PUBLISHED: 'pay' };
const fen = (v) => Math.round(num(v) * 100);
const daysIn = (month) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** A deduction's rule as statements store it (English, e.g. "30 yuan/kWp/year x 50.00 kWp / 12") in the user's language. */
function ruleText(rule) {
  if (lang === 'en' || !rule) return rule || '';
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
async function latestCashMonth(stations) {
  const ids = new Set(stations);
  const list = await getJson('/api/receipts');
  const days = list.receipts.filter((r) => ids.has(r.station) && !r.voided).map((r) => r.receivedOn).sort();
  return days.length ? days[days.length - 1].slice(0, 7) : null;
}

async function statementsPage(view, token, query) {
  const list = await villages();
  if (token !== renderToken) return;
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
  if (token !== renderToken) return;
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
  const month = /^\d{4}-\d{2}$/.test(query.month || '') ? query.month : (latest || addMonths(clock.month, -1));
  const monthInput = h('input', { type: 'month', id: 'f-month', value: month, max: clock.month, min: '2014-01' });
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
    if (token !== renderToken) return;
    // On the received basis a month without cash distributes nothing: say so, and where the last cash is.
    if (p.basis === 'RECEIVED_CASH' && fen(p.totals.basisYuan) === 0) {
      const cash = await latestCashMonth((p.stations || []).map((x) => x.station));
      if (token !== renderToken) return;
      previewBox.append(h('p', { class: 'notice', id: 'no-cash' }, t('no_cash_month', p.month), ' ',
        cash && cash !== p.month ? link(`#/statements?village=${enc}&month=${cash}&preview=1`, t('see_cash_month', cash)) : null));
    }
    renderStatementBody(previewBox, p, t('preview_of', p.name, p.month));
  }
}

/** What the step will do, with the amounts: said in the dialog before it is taken. */
function stepSummary(st) {
  const tot = st.totals;
  const paidHouseholds = (st.households || []).filter((x) => fen(x.amountYuan) > 0).length;
  return h('div', { class: 'stack', id: 'step-summary' },
    h('div', {}, t('allocations_yuan') + '：', h('b', { class: 'big', id: 'step-amount', text: yuan(tot.allocationsYuan) })),
    h('div', { text: t('step_lines', paidHouseholds, (st.posts || []).length, yuan(tot.deductionsYuan), yuan(tot.collectiveYuan)) }));
}

async function statementPage(view, token, sid) {
  const s = await getJson(`/api/statements/${encodeURIComponent(sid)}`);
  if (token !== renderToken) return;
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
function sourcesPanel(st) {
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
function renderStatementBody(box, st, title) {
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

// ---- users and tokens (administrators) ---------------------------------------------------------------------------

const ROLES = ['ADMIN', 'COUNTY_MANAGER', 'TOWNSHIP_OFFICER', 'VILLAGE_OFFICER', 'OM', 'AUDITOR'];
let shownOnce = null; // a one-time password or a new token's secret, shown on the next render of the users page only

async function usersPage(view, token) {
  const [users, tokens, villages] = await Promise.all([getJson('/api/users'), getJson('/api/tokens'), getJson('/api/registry/villages')]);
  if (token !== renderToken) return;
  if (shownOnce) {
    view.append(h('div', { class: 'notice', id: 'shown-once' }, h('span', { text: shownOnce.label + ' ' }), h('code', { id: 'secret', text: shownOnce.secret })));
    shownOnce = null;
  }
  const act = async (fn) => { try { await fn(); render(); } catch (e) { showError(e, true); } };
  const status = (u) => (u.disabled ? t('disabled') : u.lockedUntil ? t('locked') : u.mustChangePassword ? t('change_password_title') : t('active'));
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('users_title') }));
  panel.append(table([
    { label: t('username'), cell: (u) => u.username }, { label: t('display_name'), cell: (u) => u.displayName },
    { label: t('role'), cell: (u) => t(u.role) }, { label: t('scope'), cell: (u) => (u.scope.county ? u.scope.label : t('everywhere')) },
    { label: t('status'), cell: (u) => status(u) },
    { label: t('actions'), cell: (u) => h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'reset', text: t('reset_password'), onclick: () => act(async () => {
        const r = await postJson(`/api/users/${u.id}/password`, {});
        shownOnce = { label: t('one_time', r.username), secret: r.oneTimePassword };
      }) }),
      u.id === me.id ? null : h('button', { type: 'button', class: 'toggle', text: u.disabled ? t('enable') : t('disable'),
        onclick: () => act(() => request('PUT', `/api/users/${u.id}`, { disabled: !u.disabled })) })) },
  ], users, { id: 'users', rowProps: (u) => ({ class: 'user-row', dataset: { username: u.username } }) }));

  const f = {
    username: h('input', { id: 'u-username', required: true, maxlength: 64, size: 12 }),
    displayName: h('input', { id: 'u-display', maxlength: 100, size: 10 }),
    role: h('select', { id: 'u-role' }, ROLES.map((r) => h('option', { value: r, text: t(r) }))),
    county: h('input', { id: 'u-county', size: 8 }), township: h('input', { id: 'u-township', size: 8 }),
    village: h('select', { id: 'u-village' }, h('option', { value: '', text: '–' }),
      villages.map((v) => h('option', { value: v.id, text: `${v.county} ${v.township} ${v.name}` }))),
  };
  panel.append(h('form', { class: 'form-row', id: 'user-form', onsubmit: (e) => {
    e.preventDefault();
    const scope = f.village.value ? { village: f.village.value } : { county: f.county.value || null, township: f.township.value || null };
    act(async () => {
      const r = await postJson('/api/users', { username: f.username.value, displayName: f.displayName.value || null, role: f.role.value, scope });
      shownOnce = { label: t('one_time', r.username), secret: r.oneTimePassword };
    });
  } }, h('label', {}, t('username'), f.username), h('label', {}, t('display_name'), f.displayName), h('label', {}, t('role'), f.role),
  h('label', {}, t('county'), f.county), h('label', {}, t('township'), f.township), h('label', {}, t('village'), f.village),
  h('button', { type: 'submit', class: 'primary', id: 'u-create', text: t('create_user') })));
  view.append(panel);

  const tokenPanel = h('section', { class: 'panel' }, h('h2', { text: t('tokens_title') }));
  tokenPanel.append(table([
    { label: '#', cell: (k) => k.id }, { label: t('for_user'), cell: (k) => k.user }, { label: t('token_name'), cell: (k) => k.name },
    { label: 'token', cell: (k) => k.hint }, { label: t('created'), cell: (k) => localTime(k.createdAt) },
    { label: t('last_used'), cell: (k) => localTime(k.lastUsedAt) }, { label: t('expires'), cell: (k) => localTime(k.expiresAt, true) },
    { label: t('status'), cell: (k) => (k.revokedAt ? `${t('revoked')} ${localTime(k.revokedAt)}` : t('active')) },
    { label: t('actions'), cell: (k) => (k.revokedAt ? '' : h('button', { type: 'button', class: 'revoke', text: t('revoke'),
      onclick: () => act(() => request('DELETE', `/api/tokens/${k.id}`)) })) },
  ], tokens, { id: 'tokens' }));
  const k = {
    user: h('select', { id: 'k-user' }, users.filter((u) => !u.disabled).map((u) => h('option', { value: u.username, text: u.username }))),
    name: h('input', { id: 'k-name', required: true, maxlength: 100, size: 14 }),
    days: h('input', { id: 'k-days', type: 'number', min: 1, max: 3650, size: 5 }),
  };
  tokenPanel.append(h('form', { class: 'form-row', id: 'token-form', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      const r = await postJson('/api/tokens', { user: k.user.value, name: k.name.value, expiresInDays: k.days.value ? Number(k.days.value) : null });
      shownOnce = { label: t('token_secret'), secret: r.secret };
    });
  } }, h('label', {}, t('for_user'), k.user), h('label', {}, t('token_name'), k.name), h('label', {}, t('expires_days'), k.days),
  h('button', { type: 'submit', class: 'primary', id: 'k-create', text: t('create_token') })));
  view.append(tokenPanel);
}

// ---- audit log (administrators, auditors) ------------------------------------------------------------------------

async function auditPage(view, token, query) {
  const params = new URLSearchParams();
  for (const k of ['from', 'to', 'actor', 'action', 'before']) if (query[k]) params.set(k, query[k]);
  const page = await getJson('/api/audit?' + params);
  if (token !== renderToken) return;
  const input = (id, type, value, size) => h('input', { id, type, value: value || '', size });
  const f = { from: input('a-from', 'date', query.from), to: input('a-to', 'date', query.to), actor: input('a-actor', 'text', query.actor, 12),
    action: input('a-action', 'text', query.action, 14) };
  const filters = () => ({ from: f.from.value, to: f.to.value, actor: f.actor.value.trim(), action: f.action.value.trim() });
  const exportParams = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
  const result = h('span', { id: 'audit-verify-result' });
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('audit_title') }),
    h('form', { class: 'form-row', id: 'audit-filter', onsubmit: (e) => { e.preventDefault(); setQuery('#/audit', filters()); } },
      h('label', {}, t('date') + ' ≥', f.from), h('label', {}, t('date') + ' ≤', f.to), h('label', {}, t('actor'), f.actor),
      h('label', {}, t('action'), f.action), h('button', { type: 'submit', text: t('confirm') }),
      h('a', { class: 'button', id: 'audit-export', href: '/api/audit/export.csv?' + exportParams, text: t('export_csv') }),
      h('button', { type: 'button', id: 'audit-verify', text: t('audit_verify'), onclick: async () => {
        try {
          const v = await getJson('/api/audit/verify');
          result.className = v.intact ? 'ok' : 'error';
          result.textContent = v.intact ? '✓ ' + t('audit_intact', v.entries) : '✗ ' + t('audit_broken', v.firstBadSeq, v.problem);
        } catch (e) { showError(e, true); }
      } }), result));
  panel.append(table([
    { label: '#', cell: (e) => e.seq }, { label: t('at'), cell: (e) => localTime(e.at, true) }, { label: t('actor'), cell: (e) => e.actor },
    { label: t('action'), cell: (e) => e.action }, { label: t('target'), cell: (e) => e.target }, { label: t('detail'), class: 'who', cell: (e) => e.detail },
    { label: t('from'), cell: (e) => e.from },
  ], page.entries, { id: 'audit', rowProps: (e) => ({ class: 'audit-row', dataset: { action: e.action } }), emptyText: t('no_entries') }));
  if (page.next) panel.append(h('p', {}, link('#/audit?' + new URLSearchParams({ ...Object.fromEntries(params), before: page.next }), '→ ' + page.next)));
  view.append(panel);
}

// ---- router ----------------------------------------------------------------------------------------------------

const ROUTES = [
  [/^\/?$/, 'overview', (v, tk) => overviewPage(v, tk)],
  [/^\/station\/([^/]+)$/, 'overview', (v, tk, m) => stationPage(v, tk, decodeURIComponent(m[1]))],
  [/^\/alerts$/, 'alerts', (v, tk, m, q) => alertsPage(v, tk, q)],
  [/^\/revenue$/, 'revenue', (v, tk, m, q) => revenuePage(v, tk, q)],
  [/^\/statements$/, 'statements', (v, tk, m, q) => statementsPage(v, tk, q)],
  [/^\/statement\/(\d+)$/, 'statements', (v, tk, m) => statementPage(v, tk, m[1])],
  [/^\/users$/, 'users', (v, tk) => usersPage(v, tk)],
  [/^\/audit$/, 'audit', (v, tk, m, q) => auditPage(v, tk, q)],
];

/** An error under the header: loading a page ({@code action} false) or an action that did not go through. */
function showError(e, action) {
  $('#error').replaceChildren(errorNode(e, action ? t('action_failed') : t('load_failed')));
  $('#error').hidden = false;
}

/** Runs an action of a button; its error is told as an action's, not as a page that failed to load. */
async function act(fn) {
  try { await fn(); } catch (e) { showError(e, true); }
}

async function render() {
  const token = ++renderToken;
  const raw = location.hash.replace(/^#/, '');
  const [path, q] = raw.split('?');
  const route = ROUTES.find(([re]) => re.test(path)) || ROUTES[0];
  const match = path.match(route[0]) || [];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === route[1]));
  $('#error').hidden = true;
  try {
    if (!me) {
      const session = await getJson('/api/session');
      if (!session.signedIn) { showSignIn(); return; }
      me = session;
    }
    showUser();
    if (me.mustChangePassword) { showChangePassword(); return; }
    clock = await getJson('/api/clock');
    // The header's open-alert count and the footer's ingest counters, on every page.
    getJson('/api/alerts?status=open').then((a) => { $('#nav-alert-count').textContent = a.count ? String(a.count) : ''; }).catch(() => {});
    if (may('OPERATE')) getJson('/api/ingest/counters').then((c) => { $('#counters').textContent = t('counters', c); }).catch(() => {});
    const view = h('div', { id: 'view', dataset: { page: route[1] } });
    pendingCharts = [];
    await route[2](view, token, match, parseQuery(q));
    if (token !== renderToken) return;
    // The new view is built off the page: swap it in whole, then draw its charts in their laid-out boxes.
    $('#view').replaceWith(view);
    if (path !== lastPath) window.scrollTo(0, 0); // a new page starts at its top; a refresh keeps the place
    lastPath = path;
    drawPendingCharts();
    view.dataset.ready = 'true';
    view.dataset.render = `${PAGE_LOAD}-${token}`; // tests wait for a new render by this
  } catch (e) {
    if (token === renderToken) showError(e);
  }
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = 'pvmon · ' + t('title');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('.lang button').forEach((b) => b.classList.toggle('active', b.dataset.lang === lang));
}

document.querySelectorAll('.lang button').forEach((b) => b.addEventListener('click', () => {
  lang = b.dataset.lang;
  localStorage.setItem('pvmon.lang', lang);
  applyLanguage();
  render();
}));
window.addEventListener('hashchange', render);
document.addEventListener('DOMContentLoaded', () => { applyLanguage(); render(); });
// The fleet and the alerts change every minute: refresh those pages unless someone is typing in a dialog.
setInterval(() => {
  if (me && !me.mustChangePassword && !$('#step-dialog').open && (location.hash === '' || location.hash === '#/' || location.hash.startsWith('#/alerts'))) render();
}, 60000);
