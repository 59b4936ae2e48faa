import type { ContextSummary } from '../../shared/page-context';
import { readPage } from '../adapters';
import { createChip } from '../lib/chip';
import { sendMessage } from '../lib/messaging';

const REREAD_DEBOUNCE_MS = 250;

export default defineContentScript({
  // Webmail only; non-production builds also match the local demo pages (wxt.config.ts).
  matches: ['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const chip = createChip(() => void sendMessage('openSidePanel', undefined).catch(() => undefined));
    let lastKey = '';
    let timer: number | undefined;

    async function refresh() {
      const context = readPage(document, new URL(location.href));
      const key = JSON.stringify(context);
      if (key === lastKey) return;
      lastKey = key;
      let summary: ContextSummary;
      try {
        summary = await sendMessage('lookupContext', context);
      } catch {
        return; // The extension was reloaded or is starting; the next change tries again.
      }
      if (ctx.isValid) chip.render(summary);
    }

    function schedule() {
      clearTimeout(timer);
      timer = ctx.setTimeout(() => void refresh(), REREAD_DEBOUNCE_MS);
    }

    // Webmail is a single-page app: follow its navigation and DOM changes, debounced; never poll.
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.addEventListener(window, 'wxt:locationchange', schedule);
    ctx.onInvalidated(() => {
      observer.disconnect();
      chip.remove();
    });
    void refresh();
  },
});
