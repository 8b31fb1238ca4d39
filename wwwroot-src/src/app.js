// Streamline — main client bundle (IIFE). Load at the end of <body> or with `defer`.
//
// Import order matters: htmx-global.js publishes window.htmx before the SSE extension
// registers itself, so `hx-ext="sse"` works.
import './htmx-global.js';
import 'htmx-ext-sse';
import { fileSize } from './file-size.js';
import * as bootstrap from 'bootstrap'; // ESM build; pulls in @popperjs/core for dropdowns/tooltips

// Bootstrap's data-API (navbar collapse, dropdowns, offcanvas, modals, toasts, dismissible
// alerts) is registered on `document` by the import above, so it also works for content that
// htmx swaps in later. Expose the namespace for the occasional page-specific module.
window.bootstrap = bootstrap;

const THEME_KEY = 'streamline-theme';
const root = document.documentElement;

// ---------------------------------------------------------------------------------------------
// Antiforgery: every non-GET htmx request carries the ASP.NET Core antiforgery token in the
// header named by <meta name="csrf-header">, read from <meta name="csrf-token">.
// ---------------------------------------------------------------------------------------------
function metaContent(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.getAttribute('content') : null;
}

document.addEventListener('htmx:configRequest', (evt) => {
  const verb = String(evt.detail.verb || '').toLowerCase();
  if (verb === 'get') return;
  const header = metaContent('csrf-header');
  const token = metaContent('csrf-token');
  if (header && token) {
    evt.detail.headers[header] = token;
  }
});

// ---------------------------------------------------------------------------------------------
// Theme toggle: <button type="button" data-theme-toggle aria-pressed="false">
//                  <span data-theme-label>Light mode</span></button>
// ---------------------------------------------------------------------------------------------
function currentTheme() {
  return root.dataset.bsTheme === 'dark' ? 'dark' : 'light';
}

function syncThemeToggles(scope = document) {
  const dark = currentTheme() === 'dark';
  scope.querySelectorAll('[data-theme-toggle]').forEach((btn) => {
    btn.setAttribute('aria-pressed', dark ? 'true' : 'false');
    const label = btn.querySelector('[data-theme-label]');
    if (label) {
      label.textContent = dark
        ? btn.dataset.labelDark || 'Dark mode'
        : btn.dataset.labelLight || 'Light mode';
    }
  });
}

function setTheme(theme, persist) {
  root.dataset.bsTheme = theme;
  if (persist) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      /* storage unavailable: the choice lasts for this page only */
    }
  }
  syncThemeToggles();
}

document.addEventListener('click', (evt) => {
  const toggle = evt.target instanceof Element ? evt.target.closest('[data-theme-toggle]') : null;
  if (!toggle) return;
  evt.preventDefault();
  setTheme(currentTheme() === 'dark' ? 'light' : 'dark', true);
});

// Follow the OS setting live, until the user has made an explicit choice.
if (window.matchMedia) {
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  const onChange = (e) => {
    let stored = null;
    try {
      stored = localStorage.getItem(THEME_KEY);
    } catch {
      /* ignore */
    }
    if (stored !== 'light' && stored !== 'dark') setTheme(e.matches ? 'dark' : 'light', false);
  };
  if (mq.addEventListener) mq.addEventListener('change', onChange);
}

// ---------------------------------------------------------------------------------------------
// Error feedback for htmx requests, shown in #app-toast (a Bootstrap .toast, or any element
// such as an .alert, whose message goes into [data-toast-message] / .toast-body / itself).
// ---------------------------------------------------------------------------------------------
let toastTimer = 0;

function showAppMessage(message) {
  const region = document.getElementById('app-toast');
  if (!region) return;
  const target =
    region.querySelector('[data-toast-message]') || region.querySelector('.toast-body') || region;
  target.textContent = message;

  if (region.classList.contains('toast')) {
    bootstrap.Toast.getOrCreateInstance(region, { delay: 6000 }).show();
  } else {
    region.hidden = false;
    region.classList.remove('d-none');
    region.classList.add('show');
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => {
      region.classList.remove('show');
      region.hidden = true;
    }, 8000);
  }
}

document.addEventListener('htmx:responseError', (evt) => {
  const xhr = evt.detail && evt.detail.xhr;
  const status = xhr ? xhr.status : 0;
  showAppMessage(
    status === 429
      ? 'You\u2019re going a bit fast \u2014 please wait a moment and try again.'
      : `Something went wrong (status ${status}). Please try again.`,
  );
});

// ---------------------------------------------------------------------------------------------
// File size before upload: <input type="file" data-max-bytes="...">. A file far over the limit
// would be cut off by the server's request limit with a dropped connection, which reads as
// "we couldn't reach Streamline"; the browser's own validation says what is wrong instead, and
// htmx does not send a form that is invalid. The server still checks every upload.
// ---------------------------------------------------------------------------------------------
document.addEventListener('change', (evt) => {
  const input = evt.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.maxBytes) return;
  const max = Number(input.dataset.maxBytes);
  const tooBig = Array.from(input.files || []).find((f) => f.size > max);
  input.setCustomValidity(
    tooBig ? `\u201c${tooBig.name}\u201d is ${fileSize(tooBig.size)}; the limit is ${fileSize(max)} per file.` : '',
  );
  if (tooBig) input.reportValidity();
});

// ---------------------------------------------------------------------------------------------
// The outgoing-mail preview (<iframe class="mail-frame">) is as tall as the mail it shows, so the
// whole mail is seen without a scroll box. The frame keeps its origin (sandbox="allow-same-origin",
// no scripts) so its height can be read here; the height attribute needs no inline style.
// ---------------------------------------------------------------------------------------------
function fitMailFrame(frame) {
  const doc = frame.contentDocument;
  if (!doc || !doc.documentElement) return;
  frame.removeAttribute('height'); // measure the mail, not the frame's last size
  frame.setAttribute('height', String(Math.ceil(doc.documentElement.scrollHeight)));
}

const fitMailFrames = () => document.querySelectorAll('iframe.mail-frame').forEach(fitMailFrame);
document.addEventListener(
  'load',
  (evt) => {
    if (evt.target instanceof HTMLIFrameElement && evt.target.classList.contains('mail-frame')) fitMailFrame(evt.target);
  },
  true,
);
window.addEventListener('resize', fitMailFrames);
fitMailFrames(); // a mail that finished loading before this script ran

// Network failure (server unreachable, connection dropped): no HTTP status at all.
document.addEventListener('htmx:sendError', () => {
  showAppMessage('We couldn\u2019t reach Streamline. Check your connection and try again.');
});

// ---------------------------------------------------------------------------------------------
// Initial sync and after every htmx swap (htmx:load fires for each new element).
// ---------------------------------------------------------------------------------------------
document.addEventListener('htmx:load', () => syncThemeToggles());

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => syncThemeToggles());
} else {
  syncThemeToggles();
}
