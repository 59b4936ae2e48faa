import type { ContextSummary } from '../../shared/page-context';
import { parseSignature } from '../../shared/signature';
import { adapterFor, readMessageText, readPage } from '../adapters';
import { createChip } from '../lib/chip';
import { onMessage, sendMessage } from '../lib/messaging';
import { getOverlaySites, watchOverlaySites, type OverlaySite } from '../lib/overlay-sites';

/** A burst of DOM changes settles for this long before the page is read. */
const SETTLE_MS = 16;
/** At most one read per interval while the page keeps changing (webmail re-renders constantly). */
const MIN_INTERVAL_MS = 150;

export default defineContentScript({
  // Webmail only; non-production builds also match the local demo pages (wxt.config.ts).
  matches: ['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const site = adapterFor(new URL(location.href)).site;
    const chip = createChip((email) => void sendMessage('openSidePanel', email ? { email } : {}).catch(() => undefined));
    let lastKey = '';
    let timer: number | undefined;
    let lastRunAt = -Infinity;
    let observer: MutationObserver | undefined;

    async function refresh(force = false) {
      timer = undefined;
      lastRunAt = performance.now();
      const reading = readPage(document, new URL(location.href));
      const key = JSON.stringify(reading.context);
      if (key === lastKey && !force) {
        chip.place(reading.anchor);
        return;
      }
      lastKey = key;
      let summary: ContextSummary;
      try {
        summary = await sendMessage('lookupContext', reading.context);
      } catch {
        lastKey = ''; // The extension was reloaded or is starting; the next change tries again.
        return;
      }
      if (key === lastKey && ctx.isValid && observer) chip.render(summary, reading.anchor);
    }

    /** Cheap by design: it runs on every DOM change the page makes. */
    function schedule() {
      if (timer !== undefined) return;
      timer = ctx.setTimeout(() => void refresh(), Math.max(SETTLE_MS, lastRunAt + MIN_INTERVAL_MS - performance.now()));
    }

    function start() {
      if (observer) return;
      // Webmail is a single-page app: follow its navigation and DOM changes, throttled; never poll.
      observer = new MutationObserver(schedule);
      observer.observe(document.body, { childList: true, subtree: true });
      void refresh(true);
    }

    function stop() {
      observer?.disconnect();
      observer = undefined;
      clearTimeout(timer);
      timer = undefined;
      lastKey = '';
      chip.remove();
    }

    const applies = (sites: Record<OverlaySite, boolean>) => (site === 'page' || sites[site] ? start() : stop());
    void getOverlaySites().then(applies, start);
    const unwatch = watchOverlaySites(applies);

    ctx.addEventListener(window, 'wxt:locationchange', schedule);
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (observer && document.visibilityState === 'visible') void refresh(true);
    });

    // Asked by the side panel, answered here: the message text stays in the page.
    onMessage('pageSignature', ({ data }) => {
      const text = readMessageText(document, new URL(location.href), data.email);
      return text ? parseSignature(text, data) : {};
    });
    onMessage('pageMessageText', ({ data }) => readMessageText(document, new URL(location.href), data.email));
    onMessage('pageRefresh', () => {
      if (observer) void refresh(true);
    });

    ctx.onInvalidated(() => {
      unwatch();
      stop();
    });
  },
});
