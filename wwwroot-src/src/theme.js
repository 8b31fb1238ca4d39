// Streamline — theme bootstrap.
// Loaded synchronously in <head> (before the stylesheet is applied to the body) so the
// correct Bootstrap colour mode is set before first paint and there is no light/dark flash.
// Keep this file tiny and dependency-free.
const STORAGE_KEY = 'streamline-theme';

let theme = null;
try {
  theme = localStorage.getItem(STORAGE_KEY);
} catch {
  // Storage can be unavailable (privacy mode, disabled cookies): fall back to the OS setting.
}

if (theme !== 'light' && theme !== 'dark') {
  theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

document.documentElement.dataset.bsTheme = theme;
