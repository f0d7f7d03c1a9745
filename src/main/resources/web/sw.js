// pvmon dashboard's service worker: the page's shell (the HTML, the styles, the modules, ECharts, the icons) kept on the
// device, so that without a network the dashboard still opens and says it cannot reach the service. Never the API's
// answers: /api, /health and /metrics always go to the network and are never stored (money, households and alerts are
// not left on a phone or a shared office PC). The network comes first, so an updated service's files are used at once;
// the kept copy only when the network does not answer. WebShellTest checks SHELL lists every file of the shell.
const CACHE = 'pvmon-shell-1';
const SHELL = [
  '/',
  '/app.css',
  '/main.js',
  '/js/api.js',
  '/js/charts.js',
  '/js/dom.js',
  '/js/format.js',
  '/js/i18n.js',
  '/js/pages/alerts.js',
  '/js/pages/audit.js',
  '/js/pages/county.js',
  '/js/pages/notifications.js',
  '/js/pages/overview.js',
  '/js/pages/plans.js',
  '/js/pages/receipts.js',
  '/js/pages/register.js',
  '/js/pages/revenue.js',
  '/js/pages/statements.js',
  '/js/pages/users.js',
  '/js/session.js',
  '/js/state.js',
  '/js/ui.js',
  '/manifest.json',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/vendor/echarts/echarts.min.js',
];
const API = /^\/(api|health|metrics)(\/|$)/;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || API.test(url.pathname)) return; // the network only
  const key = e.request.mode === 'navigate' ? '/' : url.pathname;
  if (!SHELL.includes(key)) return;
  e.respondWith(fetch(e.request).then((r) => {
    if (r.ok) {
      const copy = r.clone();
      caches.open(CACHE).then((c) => c.put(key, copy));
    }
    return r;
  }).catch(() => caches.match(key).then((kept) => kept || Response.error())));
});
