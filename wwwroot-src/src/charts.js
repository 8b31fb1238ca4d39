// Streamline — charts bundle. Include only on pages that show charts, after app.js:
//   <script src="~/dist/charts.js" defer asp-append-version="true"></script>
//
// Markup (no inline script needed; JSON <script> blocks don't execute, so CSP allows them):
//   <div class="chart-box">
//     <canvas data-chart data-chart-config="#signups-chart" aria-label="Sign-ups per day" role="img"></canvas>
//   </div>
//   <script type="application/json" id="signups-chart">
//     { "type": "line", "data": { "labels": [...], "datasets": [{ "label": "Sign-ups", "data": [...] }] } }
//   </script>
// or load the same JSON from a same-origin URL:  <canvas data-chart="/app/stats/signups.json"></canvas>
// or, in a partial htmx swaps in (htmx drops <script> elements: allowScriptTags is off), carry it in the canvas
// itself:  <canvas data-chart-json="{ &quot;type&quot;: … }"></canvas>
//
// The JSON is a plain Chart.js config ({ type, data, options }). Functions (callbacks) can't be
// expressed in JSON; keep charts declarative.
import Chart from 'chart.js/auto';

const PALETTE = ['#5b5bd6', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#64748b'];

function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

function applyThemeDefaults() {
  Chart.defaults.color = cssVar('--bs-secondary-color', '#6b7280');
  Chart.defaults.borderColor = cssVar('--bs-border-color-translucent', 'rgba(0,0,0,.1)');
  Chart.defaults.font.family = cssVar('--bs-body-font-family', 'system-ui, sans-serif');
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// Give datasets that don't specify colours the Streamline palette.
function colourise(config) {
  const type = config.type;
  const datasets = (config.data && config.data.datasets) || [];
  datasets.forEach((ds, i) => {
    const dsType = ds.type || type;
    if (dsType === 'pie' || dsType === 'doughnut' || dsType === 'polarArea') {
      const count = (ds.data || []).length;
      if (ds.backgroundColor == null) {
        ds.backgroundColor = Array.from({ length: count }, (_, j) => PALETTE[j % PALETTE.length]);
      }
      if (ds.borderColor == null) ds.borderColor = cssVar('--bs-body-bg', '#fff');
      return;
    }
    const c = PALETTE[i % PALETTE.length];
    if (ds.borderColor == null) ds.borderColor = c;
    if (ds.backgroundColor == null) ds.backgroundColor = dsType === 'line' ? withAlpha(c, 0.12) : withAlpha(c, 0.8);
    if (dsType === 'line') {
      if (ds.tension == null) ds.tension = 0.3;
      if (ds.pointRadius == null) ds.pointRadius = 0;
      if (ds.borderWidth == null) ds.borderWidth = 2;
    }
    if (dsType === 'bar' && ds.borderRadius == null) ds.borderRadius = 6;
  });
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
  return config;
}

async function readConfig(canvas) {
  if (canvas.dataset.chartJson) return JSON.parse(canvas.dataset.chartJson);
  const ref = canvas.dataset.chartConfig;
  if (ref) {
    const script = document.querySelector(ref);
    if (!script) throw new Error(`chart config ${ref} not found`);
    return JSON.parse(script.textContent);
  }
  const url = canvas.dataset.chart;
  if (url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`chart data ${url}: HTTP ${res.status}`);
    return res.json();
  }
  throw new Error('canvas has no data-chart-json, data-chart-config or data-chart URL');
}

async function renderChart(canvas) {
  if (canvas.dataset.chartState) return; // already rendered or in progress
  canvas.dataset.chartState = 'loading';
  try {
    const config = colourise(await readConfig(canvas));
    new Chart(canvas, config);
    canvas.dataset.chartState = 'ready';
  } catch (err) {
    canvas.dataset.chartState = 'error';
    console.error('[charts]', err);
  }
}

function renderAll(scope) {
  const root = scope && scope.querySelectorAll ? scope : document;
  if (root instanceof HTMLCanvasElement && (root.hasAttribute('data-chart') || root.dataset.chartConfig || root.dataset.chartJson)) {
    renderChart(root);
  }
  root.querySelectorAll('canvas[data-chart], canvas[data-chart-config], canvas[data-chart-json]').forEach(renderChart);
}

applyThemeDefaults();

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => renderAll(document));
} else {
  renderAll(document);
}

// Content swapped in by htmx: render new charts, destroy charts that are removed.
document.addEventListener('htmx:load', (evt) => renderAll(evt.target));
document.addEventListener('htmx:beforeCleanupElement', (evt) => {
  const el = evt.target;
  if (el instanceof HTMLCanvasElement) {
    const chart = Chart.getChart(el);
    if (chart) chart.destroy();
  }
});

// Before htmx keeps a copy of the page for the back button it clones the page, and Chrome checks a cloned style
// attribute against the CSP as inline style: the canvases' sizing styles (set by Chart.js) are taken off for the
// copy and put back straight after, and the copy forgets its charts were drawn, so a restored page draws them again.
document.addEventListener('htmx:beforeHistorySave', () => {
  const taken = [];
  document.querySelectorAll('canvas[data-chart-state]').forEach((canvas) => {
    taken.push([canvas, canvas.style.cssText, canvas.dataset.chartState]);
    canvas.removeAttribute('style');
    delete canvas.dataset.chartState;
  });
  queueMicrotask(() => taken.forEach(([canvas, css, state]) => {
    canvas.style.cssText = css;
    canvas.dataset.chartState = state;
  }));
});

// Re-colour axes/labels when the theme toggles.
new MutationObserver(() => {
  applyThemeDefaults();
  document.querySelectorAll('canvas[data-chart-state="ready"]').forEach((canvas) => {
    const chart = Chart.getChart(canvas);
    if (!chart) return;
    // Scales copy defaults at creation, so update them explicitly.
    Object.values(chart.options.scales || {}).forEach((scale) => {
      if (scale.ticks) scale.ticks.color = Chart.defaults.color;
      if (scale.grid) scale.grid.color = Chart.defaults.borderColor;
    });
    if (chart.options.plugins && chart.options.plugins.legend && chart.options.plugins.legend.labels) {
      chart.options.plugins.legend.labels.color = Chart.defaults.color;
    }
    chart.update('none');
  });
}).observe(document.documentElement, { attributes: true, attributeFilter: ['data-bs-theme'] });
