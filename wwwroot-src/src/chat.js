// The chat inside the widget's iframe (/chat/{key}), its own bundle with htmx and the SSE extension.
//
// The visitor is whoever holds the token that /start hands out on their first message. It goes with every htmx
// request as a header, never as an ambient credential: the server reads no cookie, so a page on another site has
// nothing to forge with. Where the token is kept is tokenStore() below.
import htmx from './htmx-global.js';
import 'htmx-ext-sse';
import { startChat } from './chat-core.js';

const TOKEN_HEADER = 'X-Visitor-Token';
const root = document.querySelector('[data-chat]');

if (root) {
  const embedded = window.parent !== window;

  const store = tokenStore(`streamline-chat-${root.dataset.widgetKey}`);
  let token = store.read();
  const remember = (value) => {
    token = value;
    store.write(value);
  };
  const forget = () => {
    token = null;
    store.remove();
  };

  brand(root);
  const chat = startChat(root, { canPoll: () => token !== null, lost: forget });

  document.addEventListener('htmx:configRequest', (evt) => {
    if (token) evt.detail.headers[TOKEN_HEADER] = token;
  });
  document.body.addEventListener('chat-closed', forget);

  // The first message starts the conversation: get a token, then send.
  let starting = false;
  document.addEventListener('htmx:confirm', (evt) => {
    if (token || !evt.detail.elt.matches('[data-chat-form]')) return;
    evt.preventDefault();
    if (starting) return;
    starting = true;
    fetch(root.dataset.startUrl, { method: 'POST', credentials: 'omit' })
      .then(async (response) => {
        if (!response.ok) {
          // The rate limit's (and a suspended workspace's) kind words come as a fragment made for the notice area.
          const text = await response.text();
          if (response.status === 429 || response.status === 503) htmx.swap('#chat-notice', text, { swapStyle: 'innerHTML' });
          else chat.showNotice('We couldn\u2019t start the chat. Please try again in a moment.');
          return;
        }
        remember((await response.json()).token);
        evt.detail.issueRequest(true);
      })
      .catch(() => chat.showNotice('We couldn\u2019t reach the chat. Check your connection and try again.'))
      .finally(() => {
        starting = false;
      });
  });

  // Attachments need the token too, which a plain link cannot send: fetch, then hand the file to the browser.
  document.addEventListener('click', async (evt) => {
    const link = evt.target instanceof Element ? evt.target.closest('a[data-chat-file]') : null;
    if (!link || !token) return;
    evt.preventDefault();
    try {
      const response = await fetch(link.href, { headers: { [TOKEN_HEADER]: token }, credentials: 'omit' });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      const save = document.createElement('a');
      save.href = url;
      save.download = link.getAttribute('download') || 'file';
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      chat.showNotice('That file could not be downloaded. Please try again.');
    }
  });

  // The loader on the host page opens and closes the panel. Escape and the close button ask it to close (a key
  // pressed in here never reaches the host page).
  const close = () => window.parent.postMessage({ type: 'streamline:close' }, '*');
  if (embedded) {
    const button = root.querySelector('[data-chat-close]');
    button.hidden = false;
    button.addEventListener('click', close);
    document.addEventListener('keydown', (evt) => {
      if (evt.key === 'Escape') close();
    });
    window.addEventListener('message', (evt) => {
      if (evt.source !== window.parent || !evt.data || typeof evt.data.type !== 'string') return;
      if (evt.data.type === 'streamline:open') {
        chat.setPaused(false);
        chat.focus();
      } else if (evt.data.type === 'streamline:hidden') {
        chat.setPaused(true);
      }
    });
  }
}

// The workspace's colour, and black or white text on it, whichever reads better.
function brand(element) {
  const colour = element.dataset.brand;
  if (!/^#[0-9a-f]{6}$/i.test(colour || '')) return;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  element.style.setProperty('--chat-brand', colour);
  element.style.setProperty('--chat-on-brand', luminance > 0.4 ? '#111318' : '#ffffff');
}

// Where the token is kept, in this frame only (the host page gets nothing). First choice: localStorage, which
// browsers partition per embedding site. Chrome with third-party cookies blocked denies a third-party frame every
// kind of storage; the one thing it still allows is a partitioned cookie (CHIPS), also keyed to the embedding site.
// That cookie is only a place to keep the token across reloads: this script reads it and sends the header; the
// server never reads it. Path is this chat's own, Max-Age about six months. Neither available: this page only.
function tokenStore(name) {
  try {
    const storage = window.localStorage;
    storage.getItem(name);
    return {
      read: () => storage.getItem(name),
      write: (value) => storage.setItem(name, value),
      remove: () => storage.removeItem(name),
    };
  } catch {
    /* denied: try the partitioned cookie */
  }
  if (window.isSecureContext) {
    const attributes = `; Path=${window.location.pathname}; SameSite=None; Secure; Partitioned`;
    return {
      read: () => {
        const pair = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
        return pair ? pair.slice(name.length + 1) : null;
      },
      write: (value) => {
        document.cookie = `${name}=${value}${attributes}; Max-Age=15552000`;
      },
      remove: () => {
        document.cookie = `${name}=${attributes}; Max-Age=0`;
      },
    };
  }
  return { read: () => null, write: () => {}, remove: () => {} };
}
