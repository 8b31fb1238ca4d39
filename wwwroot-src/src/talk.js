// The portal's chat page (/talk). htmx and its SSE extension come with app.js; this adds the chat panel's behaviour.
import { startChat } from './chat-core.js';

const root = document.querySelector('[data-chat]');
if (root) startChat(root);
