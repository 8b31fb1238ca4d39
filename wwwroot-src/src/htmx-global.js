// Imported FIRST by app.js so that, in the bundle, htmx is evaluated and published as
// `window.htmx` before any extension or app code runs.
//
// htmx-ext-sse 2.x (dist/sse.esm.js) itself does `import htmx from 'htmx.org'` and calls
// htmx.defineExtension('sse', ...) at load time, so it shares this very instance (npm dedupes
// htmx.org; see package-lock.json). The global is still set first for any code — inline-free
// partials, devtools, other extensions built as classic scripts — that expects `window.htmx`.
import htmx from 'htmx.org';

window.htmx = htmx;

// The page runs under a strict CSP (script-src 'self'; style-src 'self'):
// - htmx would otherwise inject a <style> element for .htmx-indicator (blocked by CSP);
//   the same rules ship in app.css instead.
// - eval-based features (hx-on, hx-vals="js:...", event filters) cannot run without
//   'unsafe-eval'; disable them so htmx fails cleanly instead of throwing CSP errors.
// A <meta name="htmx-config" content='{...}'> in the layout is merged on DOMContentLoaded and
// overrides these defaults.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;

export default htmx;
