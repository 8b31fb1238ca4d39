// Widget settings page (/widget): the snippet's Copy button and a live launcher preview.
// A separate bundle so other pages don't load it; the server renders the preview, this only follows edits.

document.addEventListener('click', async (evt) => {
  const button = evt.target instanceof Element ? evt.target.closest('[data-copy-target]') : null;
  if (!button) return;
  const source = document.querySelector(button.dataset.copyTarget);
  const status = button.parentElement.querySelector('[data-copy-status]');
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value ?? source.textContent);
    if (status) status.textContent = 'Copied.';
  } catch {
    // No clipboard permission (plain http, older browser): select it for Ctrl+C instead.
    source.focus();
    source.select();
    if (status) status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
});

const form = document.querySelector('[data-widget-form]');
const preview = document.querySelector('[data-preview]');
if (form && preview) {
  const fill = preview.querySelector('[data-preview-fill]');
  const title = preview.querySelector('[data-preview-title]');
  form.addEventListener('input', (evt) => {
    const field = evt.target;
    if (field.matches('[data-preview-color]') && /^#[0-9a-f]{6}$/i.test(field.value)) {
      // An SVG presentation attribute, not a style: allowed under the page's CSP.
      fill.setAttribute('fill', field.value);
    } else if (field.matches('[data-preview-title-input]')) {
      title.textContent = field.value;
    } else if (field.matches('[data-preview-position]') && field.checked) {
      const left = field.value === 'BottomLeft';
      preview.classList.toggle('is-left', left);
      preview.classList.toggle('is-right', !left);
    }
  });
}
