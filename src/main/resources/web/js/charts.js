// pvmon dashboard: Apache ECharts (the classic script /vendor/echarts/echarts.min.js, served by the service): a view's charts are
// drawn once the view is on the page, and follow their box.
import { state } from './state.js';


export function chart(container, option) {
  state.pendingCharts.push({ container, option });
}

export const narrow = () => window.matchMedia('(max-width: 700px)').matches;

export function drawPendingCharts() {
  state.charts.forEach((c) => c.dispose());
  chartBoxes.disconnect();
  state.charts = state.pendingCharts.map(({ container, option }) => {
    const c = echarts.init(container, null, { locale: state.lang === 'en' ? 'EN' : 'ZH', renderer: 'canvas' });
    c.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option));
    chartBoxes.observe(container);
    return c;
  });
  state.pendingCharts = [];
}

// A chart follows its box (a turned phone, a collapsed column, a resized window), not only the window.
export const chartBoxes = new ResizeObserver((entries) => {
  for (const e of entries) {
    const c = echarts.getInstanceByDom(e.target);
    if (c && e.contentRect.width > 0) c.resize();
  }
});

export const COLORS = { ok: '#1b7f3b', bad: '#b3261e', accent: '#d97706', blue: '#0f3d5e', light: '#5b8db8', grey: '#9aa5b1' };
