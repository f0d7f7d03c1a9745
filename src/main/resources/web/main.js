// pvmon dashboard: the entry point (a native ES module, no build step): the routes, render(), the language switch.
// The pages are modules of their own under /js/pages/; ECharts is the classic script loaded before this one.
import { getJson, may, onSignedOut } from './js/api.js';
import { drawPendingCharts } from './js/charts.js';
import { $, h } from './js/dom.js';
import { t } from './js/i18n.js';
import { showChangePassword, showSignIn, showUser } from './js/session.js';
import { PAGE_LOAD, state } from './js/state.js';
import { onRender, parseQuery, showError } from './js/ui.js';
import { alertsPage } from './js/pages/alerts.js';
import { auditPage } from './js/pages/audit.js';
import { countyPage } from './js/pages/county.js';
import { notificationsPage } from './js/pages/notifications.js';
import { overviewPage, stationPage } from './js/pages/overview.js';
import { plansPage } from './js/pages/plans.js';
import { receiptsPage } from './js/pages/receipts.js';
import { registerPage } from './js/pages/register.js';
import { revenuePage } from './js/pages/revenue.js';
import { statementPage, statementsPage } from './js/pages/statements.js';
import { usersPage } from './js/pages/users.js';

// ---- router ----------------------------------------------------------------------------------------------------

const ROUTES = [
  [/^\/?$/, 'overview', (v, tk) => overviewPage(v, tk)],
  [/^\/station\/([^/]+)$/, 'overview', (v, tk, m, q) => stationPage(v, tk, decodeURIComponent(m[1]), q)],
  [/^\/alerts$/, 'alerts', (v, tk, m, q) => alertsPage(v, tk, q)],
  [/^\/revenue$/, 'revenue', (v, tk, m, q) => revenuePage(v, tk, q)],
  [/^\/statements$/, 'statements', (v, tk, m, q) => statementsPage(v, tk, q)],
  [/^\/statement\/(\d+)$/, 'statements', (v, tk, m) => statementPage(v, tk, m[1])],
  [/^\/users$/, 'users', (v, tk) => usersPage(v, tk)],
  [/^\/audit$/, 'audit', (v, tk, m, q) => auditPage(v, tk, q)],
  [/^\/county$/, 'county', (v, tk, m, q) => countyPage(v, tk, q)],
  [/^\/receipts$/, 'receipts', (v, tk, m, q) => receiptsPage(v, tk, q)],
  [/^\/plans$/, 'plans', (v, tk, m, q) => plansPage(v, tk, q)],
  [/^\/register$/, 'register', (v, tk, m, q) => registerPage(v, tk, q)],
  [/^\/notifications$/, 'notifications', (v, tk, m, q) => notificationsPage(v, tk, q)],
];

async function render() {
  const token = ++state.renderToken;
  const raw = location.hash.replace(/^#/, '');
  const [path, q] = raw.split('?');
  const route = ROUTES.find(([re]) => re.test(path)) || ROUTES[0];
  const match = path.match(route[0]) || [];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === route[1]));
  $('#error').hidden = true;
  try {
    if (!state.me) {
      const session = await getJson('/api/session');
      if (!session.signedIn) { showSignIn(); return; }
      state.me = session;
    }
    showUser();
    if (state.me.mustChangePassword) { showChangePassword(); return; }
    state.clock = await getJson('/api/clock');
    // The header's open-alert count and the footer's ingest counters, on every page.
    getJson('/api/alerts?status=open').then((a) => { $('#nav-alert-count').textContent = a.count ? String(a.count) : ''; }).catch(() => {});
    if (may('OPERATE')) getJson('/api/ingest/counters').then((c) => { $('#counters').textContent = t('counters', c); }).catch(() => {});
    const view = h('div', { id: 'view', dataset: { page: route[1] } });
    state.pendingCharts = [];
    await route[2](view, token, match, parseQuery(q));
    if (token !== state.renderToken) return;
    // The new view is built off the page: swap it in whole, then draw its charts in their laid-out boxes.
    $('#view').replaceWith(view);
    if (path !== state.lastPath) window.scrollTo(0, 0); // a new page starts at its top; a refresh keeps the place
    state.lastPath = path;
    drawPendingCharts();
    view.dataset.ready = 'true';
    view.dataset.render = `${PAGE_LOAD}-${token}`; // tests wait for a new render by this
  } catch (e) {
    if (token === state.renderToken) showError(e);
  }
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = 'pvmon · ' + t('title');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('.lang button').forEach((b) => b.classList.toggle('active', b.dataset.lang === state.lang));
}

document.querySelectorAll('.lang button').forEach((b) => b.addEventListener('click', () => {
  state.lang = b.dataset.lang;
  localStorage.setItem('pvmon.lang', state.lang);
  applyLanguage();
  render();
}));

window.addEventListener('hashchange', render);

onRender(render);
onSignedOut(showSignIn);
// A module runs once the document is parsed: the first render now.
applyLanguage();
render();

// Installable, with the shell kept for when the network is away (sw.js; never the API's data). Browsers allow a service
// worker on HTTPS or on this machine only: over plain HTTP on a county network the page works as before, without it.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});

// The fleet and the alerts change every minute: refresh those pages unless someone is typing in a dialog.
setInterval(() => {
  if (state.me && !state.me.mustChangePassword && !$('#step-dialog').open && (location.hash === '' || location.hash === '#/' || location.hash.startsWith('#/alerts'))) render();
}, 60000);
