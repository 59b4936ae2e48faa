import type { ContextSummary } from '../../shared/page-context';
import { parseSignature } from '../../shared/signature';
import { adapterFor, readMessageText, readPage } from '../adapters';
import { createChip } from '../lib/chip';
import { createPageWatcher } from '../lib/page-watcher';
import { onMessage, sendMessage } from '../lib/messaging';
import { getOverlaySites, watchOverlaySites, type OverlaySite } from '../lib/overlay-sites';

/** A burst of DOM changes settles for this long before the page is read. */
const SETTLE_MS = 16;
/** At most one read per interval while the open thread itself keeps changing. */
const MIN_INTERVAL_MS = 100;

export default defineContentScript({
  // Webmail only; non-production builds also match the local demo pages (wxt.config.ts).
  matches: ['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterFor(new URL(location.href));
    const site = adapter.site;
    const chip = createChip((email) => void sendMessage('openSidePanel', email ? { email } : {}).catch(() => undefined));
    let lastKey = '';
    let timer: number | undefined;
    let lastRunAt = -Infinity;
    let active = false;
    const watcher = createPageWatcher({ watch: adapter.watch, ignore: chip.element, onChange: () => schedule() });

    async function refresh(force = false) {
      timer = undefined;
      lastRunAt = performance.now();
      const reading = readPage(document, new URL(location.href));
      watcher.setRoot(reading.root);
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
      if (key === lastKey && ctx.isValid && active) chip.render(summary, reading.anchor);
    }

    function schedule() {
      if (timer !== undefined) return;
      timer = ctx.setTimeout(() => void refresh(), Math.max(SETTLE_MS, lastRunAt + MIN_INTERVAL_MS - performance.now()));
    }

    function start() {
      if (active) return;
      active = true;
      // Webmail is a single-page app: follow its navigation and DOM changes, throttled; never poll.
      watcher.start();
      void refresh(true);
    }

    function stop() {
      active = false;
      watcher.stop();
      clearTimeout(timer);
      timer = undefined;
      lastKey = '';
      chip.remove();
    }

    const applies = (sites: Record<OverlaySite, boolean>) => (site === 'page' || sites[site] ? start() : stop());
    void getOverlaySites().then(applies, start);
    const unwatch = watchOverlaySites(applies);

    ctx.addEventListener(window, 'wxt:locationchange', () => active && schedule());
    // Moving between a thread and a compose window changes what the rep is looking at.
    ctx.addEventListener(document, 'focusin', () => active && schedule());
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (active && document.visibilityState === 'visible') void refresh(true);
    });

    // Asked by the side panel, answered here: the message text stays in the page.
    const listeners = [
      onMessage('pageSignature', ({ data }) => {
        const text = readMessageText(document, new URL(location.href), data.email);
        return text ? parseSignature(text, data) : {};
      }),
      onMessage('pageMessageText', ({ data }) => readMessageText(document, new URL(location.href), data.email)),
      onMessage('pageRefresh', () => {
        if (active) void refresh(true);
      }),
    ];

    ctx.onInvalidated(() => {
      unwatch();
      for (const remove of listeners) remove();
      stop();
    });
  },
});
