// pvmon dashboard: the one state object every module reads and changes (a module's imports are read-only bindings,
// so what changes lives here), and the constants of a page load.

/** Asia/Shanghai: every date and time the pages show is the service's local time. */
export const ZONE = 'Asia/Shanghai';

/** Tells renders of different page loads apart (the browser tests wait for a new render by it). */
export const PAGE_LOAD = Date.now().toString(36);

export const state = {
  lang: localStorage.getItem('pvmon.lang') || 'zh-CN',
  clock: null,                 // GET /api/clock: the service's today and month (office PC clocks are often wrong)
  me: null,                    // GET /api/session: the signed-in user, their permissions and the session's CSRF token
  renderToken: 0,              // a newer render makes an older, slower one stop
  lastPath: null,              // the route path last shown
  charts: [],                  // the ECharts instances of the current view
  pendingCharts: [],           // charts of the view being built: drawn once it is on the page and its boxes have a size
  villagesCache: null,         // [{village, name}] from the revenue roll-up
  registryVillagesCache: null, // the villages of the caller's scope from the register
  overviewFilter: '',          // the overview's filter text, kept across its refreshes
  flash: null,                 // a note under a page's heading (what was just done), shown on its next render only
  shownOnce: null,             // a one-time password or a new token's secret, shown on the next render of the users page only
};
