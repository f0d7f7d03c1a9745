// pvmon dashboard: numbers, money and dates as the pages show them: yyyy-MM-dd HH:mm in Shanghai time in both languages.
import { state, ZONE } from './state.js';

export const num = (v) => (v === null || v === undefined ? null : Number(v));

export const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(Number(n))) ? '–'
  : Number(n).toLocaleString(state.lang === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const yuan = (n) => fmt(n, 2);

export const STAMP = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as yyyy-MM-dd HH:mm in Shanghai time: the same unambiguous form in both languages. */
export function localTime(iso) {
  if (!iso) return '–';
  const p = Object.fromEntries(STAMP.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** yyyy-MM-dd plus days (calendar arithmetic on the date alone). */
export function addDays(date, days) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export const fen = (v) => Math.round(num(v) * 100);

export const daysIn = (month) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

export const enc = encodeURIComponent;

export const isMonth = (m) => /^\d{4}-\d{2}$/.test(m || '');

export const str = (v) => (v === null || v === undefined ? '' : String(v));
