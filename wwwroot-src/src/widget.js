// The widget loader, embedded on a customer's website with one line:
//   <script src="https://app.example/widget.js" data-key="wk_…" async></script>
// It draws a launcher button and, when the visitor clicks it, opens the chat in an iframe served by the app.
// Until then it loads nothing else; it never sets a cookie or touches storage on the host page (the visitor's
// token lives inside the iframe). All styling is element.style (CSSOM), which a strict host CSP still allows,
// where an injected <style> or style="" attribute would be refused.
(() => {
  const script = document.currentScript;
  const key = script && script.dataset.key;
  if (!key || !/^wk_[a-z2-7]{24}$/.test(key)) return;
  const app = new URL(script.src).origin;
  const chatUrl = `${app}/chat/${key}`;
  if (document.querySelector(`[data-streamline-widget="${key}"]`)) return; // the snippet pasted twice

  const mobile = window.matchMedia('(max-width: 479.98px)');
  const css = (element, styles) => Object.assign(element.style, styles);

  function readableOn(hex) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#111318' : '#ffffff';
  }

  function icon(colour, open) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '28');
    svg.setAttribute('viewBox', '0 0 28 28');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', open
      ? 'M8 8l12 12M20 8L8 20'
      : 'M6 7h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-8l-5 4v-4H6a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2z');
    path.setAttribute(open ? 'stroke' : 'fill', colour);
    if (open) {
      path.setAttribute('stroke-width', '2.5');
      path.setAttribute('stroke-linecap', 'round');
      path.setAttribute('fill', 'none');
    }
    svg.append(path);
    return svg;
  }

  function start(config) {
    const colour = /^#[0-9a-f]{6}$/i.test(config.color) ? config.color : '#4f46e5';
    const ink = readableOn(colour);
    const side = config.position === 'left' ? 'left' : 'right';
    const title = String(config.title || 'Chat');

    const launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.dataset.streamlineWidget = key;
    launcher.setAttribute('aria-label', title);
    launcher.setAttribute('aria-expanded', 'false');
    launcher.title = title;
    css(launcher, {
      position: 'fixed', bottom: '20px', [side]: '20px', zIndex: '2147483000', width: '56px', height: '56px',
      margin: '0', padding: '0', border: '0', borderRadius: '50%', background: colour, cursor: 'pointer',
      display: 'flex', alignItems: 'center', justifyContent: 'center', boxShadow: '0 6px 20px rgba(16, 24, 40, 0.25)',
      outline: 'none', outlineOffset: '3px',
    });
    launcher.append(icon(ink, false));
    // The host page's own stylesheet may strip focus outlines; this one is set on the element itself.
    launcher.addEventListener('focus', () => {
      if (launcher.matches(':focus-visible')) launcher.style.outline = `3px solid ${colour}`;
    });
    launcher.addEventListener('blur', () => {
      launcher.style.outline = 'none';
    });

    let panel = null;
    let frame = null;
    let loaded = false;
    let open = false;

    function place() {
      if (!panel) return;
      const small = mobile.matches;
      css(panel, small
        ? { top: '0', bottom: '0', left: '0', right: '0', width: '100%', height: '100%', borderRadius: '0' }
        : { top: 'auto', bottom: '88px', left: side === 'left' ? '20px' : 'auto', right: side === 'right' ? '20px' : 'auto',
          width: '380px', height: 'min(640px, calc(100vh - 112px))', borderRadius: '16px' });
      // Full screen on a phone: the chat's own close button takes over from the launcher.
      launcher.style.display = small && open ? 'none' : 'flex';
    }

    // Only once the chat has loaded: before that the frame holds about:blank, and the browser would complain.
    function tell(type) {
      if (loaded) frame.contentWindow.postMessage({ type }, app);
    }

    function create() {
      panel = document.createElement('div');
      panel.id = `streamline-chat-${key}`;
      css(panel, {
        position: 'fixed', zIndex: '2147483001', overflow: 'hidden', background: '#fff',
        boxShadow: '0 16px 48px rgba(16, 24, 40, 0.28)', display: 'none',
      });
      frame = document.createElement('iframe');
      frame.src = chatUrl;
      frame.title = title;
      css(frame, { display: 'block', width: '100%', height: '100%', border: '0' });
      frame.addEventListener('load', () => {
        loaded = true;
        tell(open ? 'streamline:open' : 'streamline:hidden');
      });
      panel.append(frame);
      document.body.append(panel);
      launcher.setAttribute('aria-controls', panel.id);
    }

    function show() {
      if (!panel) create();
      open = true;
      panel.style.display = 'block';
      place();
      launcher.setAttribute('aria-expanded', 'true');
      launcher.replaceChildren(icon(ink, true));
      frame.focus();
      tell('streamline:open');
    }

    function hide() {
      if (!open) return;
      open = false;
      panel.style.display = 'none';
      place();
      launcher.setAttribute('aria-expanded', 'false');
      launcher.replaceChildren(icon(ink, false));
      tell('streamline:hidden');
      launcher.focus();
    }

    launcher.addEventListener('click', () => (open ? hide() : show()));
    document.addEventListener('keydown', (evt) => {
      if (evt.key === 'Escape' && open) hide();
    });
    window.addEventListener('message', (evt) => {
      if (evt.origin === app && frame && evt.source === frame.contentWindow && evt.data && evt.data.type === 'streamline:close') hide();
    });
    if (mobile.addEventListener) mobile.addEventListener('change', place);
    document.body.append(launcher);
  }

  fetch(`${chatUrl}/config`, { credentials: 'omit' })
    .then((response) => {
      if (response.status === 403) console.warn(`Streamline chat: ${window.location.origin} is not among the widget's allowed websites.`);
      return response.ok ? response.json() : null;
    })
    .then((config) => {
      if (!config) return;
      if (document.body) start(config);
      else document.addEventListener('DOMContentLoaded', () => start(config));
    })
    .catch(() => {
      /* the app is unreachable: no launcher, nothing else on the page is affected */
    });
})();
