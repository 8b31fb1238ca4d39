// The chat panel's behaviour (Pages/Conversations/Chat/_Chat.cshtml), shared by the widget's iframe (chat.js) and the portal's
// /talk page (talk.js): history polling, keeping one copy of each message, the stream's fallback, the send box.
// `hooks` lets the widget add its visitor token: canPoll() and lost() (the server no longer knows the token).

import { fileSize } from './file-size.js';

export function startChat(root, hooks = {}) {
  const transcript = root.querySelector('#chat-transcript');
  const scroller = root.querySelector('[data-chat-scroll]');
  const poller = root.querySelector('[data-chat-poll]');
  const form = root.querySelector('[data-chat-form]');
  const notice = root.querySelector('#chat-notice');
  const textarea = form.querySelector('textarea');
  const fileInput = form.querySelector('input[type=file]');
  const chosen = form.querySelector('[data-chat-chosen]');
  let paused = false;

  const ours = (elt) => elt instanceof Element && root.contains(elt);

  function showNotice(text) {
    notice.replaceChildren();
    if (!text) return;
    const p = document.createElement('p');
    p.className = 'chat-notice-text';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    notice.append(p);
  }

  function lastSequence() {
    let last = 0;
    transcript.querySelectorAll('[data-seq]').forEach((el) => {
      last = Math.max(last, Number(el.dataset.seq) || 0);
    });
    return last;
  }

  // A poll and a stream can both bring the same message: keep the first copy. A "taking longer" placeholder goes
  // once the answer it stands for has arrived.
  function tidy() {
    const seen = new Set();
    transcript.querySelectorAll('[id^="msg-"]').forEach((el) => {
      if (seen.has(el.id)) el.remove();
      else seen.add(el.id);
    });
    transcript.querySelectorAll('[data-awaiting]').forEach((el) => {
      if (transcript.querySelector(`[data-reply-to="${el.dataset.awaiting}"]`)) el.remove();
    });
  }

  function nearEnd() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  let follow = true;
  scroller.addEventListener('scroll', () => {
    follow = nearEnd();
  });

  function settle() {
    tidy();
    if (follow) scroller.scrollTop = scroller.scrollHeight;
  }

  document.addEventListener('htmx:configRequest', (evt) => {
    if (evt.detail.elt === poller) evt.detail.parameters.after = lastSequence();
  });

  document.addEventListener('htmx:beforeRequest', (evt) => {
    if (evt.detail.elt !== poller) return;
    // While an answer streams, the stream brings it; a closed panel needs nothing.
    const streaming = transcript.querySelector('[data-streaming]');
    if (paused || streaming || (hooks.canPoll && !hooks.canPoll())) evt.preventDefault();
  });

  document.addEventListener('htmx:beforeSwap', (evt) => {
    const from = evt.detail.requestConfig && evt.detail.requestConfig.elt; // detail.elt is the swap's target here
    if (!ours(from)) return;
    const status = evt.detail.xhr.status;
    // A refusal (422) or the rate limit (429) is a message for the visitor, shown in the notice area.
    if (status === 422 || status === 429) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    } else if (status === 413) {
      evt.detail.isError = false;
      showNotice('These files are too large to send together.');
    } else if (status === 404 && from === poller && hooks.lost) {
      evt.detail.isError = false;
      hooks.lost();
    }
  });

  document.addEventListener('htmx:afterRequest', (evt) => {
    if (evt.detail.elt !== form || !evt.detail.successful || evt.detail.xhr.status >= 300) return;
    form.reset();
    showChosen();
    follow = true;
    textarea.focus();
  });

  document.addEventListener('htmx:afterSwap', (evt) => {
    if (ours(evt.target)) settle();
  });
  document.addEventListener('htmx:sseMessage', (evt) => {
    if (ours(evt.target)) settle();
  });

  // A stream that cannot open (expired ticket, server restarted): say so and let polling bring the answer. The
  // attribute goes first so that the SSE extension's retry timer finds nothing to reconnect.
  document.addEventListener('htmx:sseError', (evt) => {
    const pending = evt.target;
    const source = evt.detail.source;
    if (!ours(pending) || !source || source.readyState !== EventSource.CLOSED) return;
    const fallback = pending.querySelector('template[data-fallback]');
    pending.removeAttribute('sse-connect');
    if (fallback) pending.replaceWith(fallback.content.cloneNode(true));
    else pending.remove();
  });

  textarea.addEventListener('keydown', (evt) => {
    if (evt.key === 'Enter' && !evt.shiftKey && !evt.isComposing) {
      evt.preventDefault();
      form.requestSubmit();
    }
  });

  // A maxlength would cut a pasted text silently; instead the visitor is told, and nothing is sent until it fits.
  // The server refuses a longer message too, with its own message.
  const maxLength = Number(textarea.dataset.maxLength);
  const sendButton = form.querySelector('button[type=submit]');
  let tooLong = false;
  function checkLength() {
    const length = textarea.value.trim().length; // counted as the server counts (UTF-16 units, trimmed)
    const over = maxLength > 0 && length > maxLength;
    if (over) {
      const n = (v) => v.toLocaleString('en-US');
      showNotice(`Your message is ${n(length)} characters long; the limit is ${n(maxLength)}. Shorten it or send it in parts.`);
    } else if (tooLong) {
      showNotice('');
    }
    tooLong = over;
    sendButton.disabled = over;
  }
  textarea.addEventListener('input', checkLength);
  form.addEventListener('submit', (evt) => {
    checkLength();
    if (tooLong) evt.preventDefault();
  });
  document.addEventListener('htmx:confirm', (evt) => {
    if (evt.detail.elt === form && tooLong) evt.preventDefault();
  });

  // The server checks every file again; this only spares the visitor an upload that would be refused.
  function showChosen() {
    chosen.replaceChildren(
      ...Array.from(fileInput.files || []).map((file) => {
        const li = document.createElement('li');
        li.textContent = `${file.name} (${fileSize(file.size)})`;
        return li;
      }),
    );
  }

  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files || []);
    const maxFiles = Number(fileInput.dataset.maxFiles);
    const maxBytes = Number(fileInput.dataset.maxBytes);
    const big = files.find((f) => f.size > maxBytes);
    let problem = '';
    if (files.length > maxFiles) problem = `Attach at most ${maxFiles} files to one message.`;
    else if (big) problem = `\u201c${big.name}\u201d is ${fileSize(big.size)}; files can be at most ${fileSize(maxBytes)}.`;
    showNotice(problem);
    if (problem) fileInput.value = '';
    showChosen();
  });

  return {
    showNotice,
    focus: () => textarea.focus(),
    setPaused(value) {
      paused = value;
    },
  };
}
