// pvmon overview page: no framework, no network beyond this service (offline government networks).
'use strict';

const I18N = {
  'zh-CN': {
    title: '村级光伏扶贫电站监测', stations: '电站', online: '在线', offline: '离线', no_data: '无数据',
    power_now: '当前总功率 (kW)', energy_today: '今日发电量 (kWh)', filter: '按电站、乡镇、村筛选',
    station: '电站', township: '乡镇', village: '村', capacity: '装机 (kWp)', state: '状态', power: '功率 (kW)',
    today: '今日 (kWh)', last_report: '最后上报', loading: '加载中…', ingest: '数据接入',
    date: '日期', energy_kwh: '发电量 (kWh)', yield: '等效利用小时', notes: '说明', updated: '更新于',
    curve_of: '今日功率曲线 (kW)', grid_date: '并网日期', capacity_short: '装机', no_rows: '没有匹配的电站',
    counters: (c) => `收到 ${c.received} · 写入 ${c.written + c.replayed} · 拒收 ${c.rejected} · 缓存待补写 ${c.spoolPending} · 丢失 ${c.dropped}`,
    load_failed: '无法加载数据：', estimated: '估算', no_data_day: '无数据',
    revenue_month: '本月应收收益 (元)', month_yuan: '本月收益 (元)',
    open_alerts: '当前告警', alert_type: '类型', since: '开始时间', lost_kwh: '损失电量 (kWh)', lost_yuan: '损失收益 (元)',
    alert_status: '处理状态', no_alerts: '没有未处理的告警',
    OFFLINE: '离线', IDLE: '零发电', UNDERPERFORMING: '发电偏低', METER: '电表异常',
    OPEN: '未确认', ACKNOWLEDGED: '已确认',
  },
  en: {
    title: 'Village PV Poverty-Alleviation Stations', stations: 'Stations', online: 'Online', offline: 'Offline',
    no_data: 'No data', power_now: 'Power now (kW)', energy_today: 'Energy today (kWh)',
    filter: 'Filter by station, township, village', station: 'Station', township: 'Township', village: 'Village',
    capacity: 'Capacity (kWp)', state: 'State', power: 'Power (kW)', today: 'Today (kWh)', last_report: 'Last report',
    loading: 'Loading…', ingest: 'Ingest', date: 'Date', energy_kwh: 'Energy (kWh)', yield: 'Full-load hours',
    notes: 'Notes', updated: 'Updated', curve_of: "Today's power (kW)", grid_date: 'Grid connection',
    capacity_short: 'Capacity', no_rows: 'No station matches',
    counters: (c) => `received ${c.received} · stored ${c.written + c.replayed} · rejected ${c.rejected} · spooled ${c.spoolPending} · lost ${c.dropped}`,
    load_failed: 'Cannot load data: ', estimated: 'estimated', no_data_day: 'no data',
    revenue_month: 'Accrued this month (yuan)', month_yuan: 'This month (yuan)',
    open_alerts: 'Open alerts', alert_type: 'Type', since: 'Since', lost_kwh: 'Lost energy (kWh)', lost_yuan: 'Lost revenue (yuan)',
    alert_status: 'Status', no_alerts: 'No open alerts',
    OFFLINE: 'Offline', IDLE: 'Zero output', UNDERPERFORMING: 'Underperforming', METER: 'Meter anomaly',
    OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged',
  },
};

const ZONE = 'Asia/Shanghai';
let lang = localStorage.getItem('pvmon.lang') || 'zh-CN';
let stations = [];
let energyToday = new Map();
let revenueMonth = null; // the county roll-up of /api/revenue/monthly, refreshed every 10 minutes
let revenueByStation = new Map(); // station id -> its row of revenueMonth
let revenueAt = 0;
let alerts = []; // open alerts (GET /api/alerts), kept up to date by the service every minute
let selected = null;

const t = (key) => I18N[lang][key];
const $ = (sel) => document.querySelector(sel);

function localDate(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function localTime(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: ZONE, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n)) ? '–'
  : Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || r.status);
  return body;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = 'pvmon · ' + t('title');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll('.lang button').forEach((b) => b.classList.toggle('active', b.dataset.lang === lang));
  render();
  if (selected) showDetail(selected);
}

function render() {
  const q = $('#filter').value.trim().toLowerCase();
  const rows = stations.filter((s) => !q || [s.id, s.name, s.township, s.village].some((v) => (v || '').toLowerCase().includes(q)));
  const tbody = $('#stations tbody');
  tbody.replaceChildren();
  for (const s of rows) {
    const tr = document.createElement('tr');
    tr.className = 'station';
    tr.dataset.id = s.id;
    const e = energyToday.get(s.id);
    const cells = [
      null, s.township, s.village, fmt(s.capacityKwp, 1), null,
      s.latest ? fmt(s.latest.powerKw, 2) : '–', e && e.hasData ? fmt(e.kwh, 1) : '–',
      revenueOf(s.id), s.latest ? localTime(s.latest.time) : '–',
    ];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      if (i === 0) {
        td.textContent = s.name;
        const id = document.createElement('span');
        id.className = 'id';
        id.textContent = s.id;
        td.append(id);
      } else if (i === 4) { // state badge
        const badge = document.createElement('span');
        badge.className = 'state ' + s.online;
        badge.textContent = t(s.online);
        td.append(badge);
      } else {
        td.textContent = text;
      }
      if (i === 3 || i === 5 || i === 6 || i === 7) td.className = 'num';
      tr.append(td);
    });
    tr.addEventListener('click', () => showDetail(s.id));
    tbody.append(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 9;
    td.textContent = stations.length ? t('no_rows') : t('loading');
    tr.append(td);
    tbody.append(tr);
  }
  const count = (state) => stations.filter((s) => s.online === state).length;
  $('#sum-stations').textContent = stations.length;
  $('#sum-online').textContent = count('online');
  $('#sum-offline').textContent = count('offline');
  $('#sum-nodata').textContent = count('no_data');
  const power = stations.filter((s) => s.online === 'online' && s.latest).reduce((a, s) => a + (s.latest.powerKw || 0), 0);
  $('#sum-power').textContent = fmt(power, 1);
  let kwh = 0;
  energyToday.forEach((e) => { kwh += Number(e.kwh); });
  $('#sum-energy').textContent = fmt(kwh, 1);
  $('#sum-revenue').textContent = revenueMonth ? fmt(revenueMonth.totals.totalYuan, 2) : '–';
  renderAlerts();
}

function renderAlerts() {
  const tbody = $('#alerts tbody');
  tbody.replaceChildren();
  for (const a of alerts) {
    const tr = document.createElement('tr');
    tr.className = 'alert';
    tr.dataset.id = a.station;
    const ack = a.acknowledged ? ` (${a.acknowledged.by})` : '';
    [a.name || a.station, a.township || '', t(a.type), localTime(a.since), fmt(Number(a.lostKwh), 1), fmt(Number(a.lostYuan), 2),
      t(a.status) + ack].forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 2) td.className = 'type';
      if (i === 4 || i === 5) td.className = 'num';
      tr.append(td);
    });
    tr.addEventListener('click', () => showDetail(a.station));
    tbody.append(tr);
  }
  if (alerts.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 7;
    td.textContent = t('no_alerts');
    tr.append(td);
    tbody.append(tr);
  }
}

function revenueOf(id) {
  const row = revenueByStation.get(id);
  return row ? fmt(row.totalYuan, 2) : '–';
}

async function refresh() {
  try {
    const today = localDate();
    const [list, energy, counters, open] = await Promise.all([
      getJson('/api/stations'),
      getJson(`/api/energy/daily?from=${today}&to=${today}`),
      getJson('/api/ingest/counters'),
      getJson('/api/alerts?status=open'),
    ]);
    stations = list;
    alerts = open.alerts;
    if (Date.now() - revenueAt > 600000) {
      revenueMonth = await getJson(`/api/revenue/monthly?month=${today.slice(0, 7)}`);
      revenueByStation = new Map(revenueMonth.stations.map((r) => [r.station, r]));
      revenueAt = Date.now();
    }
    energyToday = new Map(energy.stations.map((s) => [s.station, { kwh: s.totalKwh, hasData: s.days.some((d) => d.hasData) }]));
    $('#counters').textContent = t('counters')(counters);
    $('#updated').textContent = `${t('updated')} ${localTime(new Date().toISOString())}`;
    $('#error').hidden = true;
    render();
  } catch (e) {
    $('#error').textContent = t('load_failed') + e.message;
    $('#error').hidden = false;
  }
}

async function showDetail(id) {
  selected = id;
  const s = stations.find((x) => x.id === id);
  if (!s) return;
  $('#detail').hidden = false;
  $('#detail-title').textContent = `${s.name} (${s.id})`;
  $('#detail-meta').textContent = `${s.county} ${s.township} ${s.village} · ${t('capacity_short')} ${fmt(s.capacityKwp, 1)} kWp · ${t('grid_date')} ${s.gridConnectionDate}`;
  const [curve, days] = await Promise.all([
    getJson(`/api/stations/${encodeURIComponent(id)}/power?date=${localDate()}`),
    getJson(`/api/stations/${encodeURIComponent(id)}/energy/daily?from=${localDate(-6)}&to=${localDate()}`),
  ]);
  drawCurve(curve.points, s.capacityKwp);
  const tbody = $('#detail-days tbody');
  tbody.replaceChildren();
  for (const d of days.days) {
    const tr = document.createElement('tr');
    const notes = [];
    if (!d.hasData) notes.push(t('no_data_day'));
    if (d.estimated) notes.push(t('estimated'));
    notes.push(...d.notes);
    [d.date, d.hasData ? fmt(d.kwh, 1) : '–', d.hasData ? fmt(d.kwh / s.capacityKwp, 2) : '–', notes.join('; ')].forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 1 || i === 2) td.className = 'num';
      tr.append(td);
    });
    tbody.append(tr);
  }
}

function drawCurve(points, capacity) {
  const svg = $('#curve');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const W = 720, H = 220, L = 40, R = 10, T = 20, B = 24;
  const max = Math.max(capacity, ...points.map((p) => p.powerKw || 0));
  const x = (minutes) => L + (W - L - R) * minutes / 1440;
  const y = (kw) => H - B - (H - T - B) * kw / max;
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  for (let h = 0; h <= 24; h += 3) {
    add('line', { x1: x(h * 60), x2: x(h * 60), y1: T, y2: H - B, class: 'grid' });
    add('text', { x: x(h * 60) - 8, y: H - 6 }, `${String(h).padStart(2, '0')}:00`);
  }
  add('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' });
  add('text', { x: 4, y: T + 4 }, fmt(max, 0));
  add('text', { x: L, y: 12 }, t('curve_of'));
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const minutesOf = (iso) => {
    const parts = clock.format(new Date(iso)).split(':');
    return Number(parts[0]) * 60 + Number(parts[1]);
  };
  const pts = points.filter((p) => p.powerKw !== null).map((p) => `${x(minutesOf(p.time)).toFixed(1)},${y(Math.max(0, p.powerKw)).toFixed(1)}`);
  if (pts.length) add('polyline', { points: pts.join(' '), class: 'line' });
}

document.querySelectorAll('.lang button').forEach((b) => b.addEventListener('click', () => {
  lang = b.dataset.lang;
  localStorage.setItem('pvmon.lang', lang);
  applyLanguage();
}));
$('#filter').addEventListener('input', render);
applyLanguage();
refresh();
setInterval(refresh, 60000);
