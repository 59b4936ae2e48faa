import type { ContextSummary } from '../../shared/page-context';
import { parseSignature } from '../../shared/signature';
import { adapterFor, readMessageText, readPage } from '../adapters';
import { createChip } from '../content/chip';
import { createSidebarHint } from '../content/sidebar-hint';
import { createPageWatcher } from '../content/page-watcher';
import { onMessage, sendMessage } from '../lib/messaging';
import { getOverlaySites, watchOverlaySites, type OverlaySite } from '../lib/overlay-sites';
import { createPageMarks } from '../content/page-marks';
import type { PageMark } from '../adapters/types';
import { bestEffort } from '../lib/best-effort';

/**
 * A change is read in the next task (the mutation callback runs once the page's own task has
 * inserted the thread), so the chip follows within a frame; further changes inside the open
 * thread are read at most every MIN_INTERVAL_MS.
 */
const SETTLE_MS = 0;
/** At most one read per interval while the open thread itself keeps changing. */
const MIN_INTERVAL_MS = 100;
/** Ordinary pages are read when the browser is idle, and at most this often (a single-page app's navigations). */
const PAGE_INTERVAL_MS = 1_000;
/** Set on the content scripts' own global: the reader may be injected again (a grant, activeTab) but runs once per page. */
const RUNNING = Symbol.for('margin.content');

export default defineContentScript({
  // Webmail only; non-production builds also match the local demo pages (wxt.config.ts).
  matches: [
    'https://mail.google.com/*',
    'https://outlook.office.com/*',
    'https://outlook.office365.com/*',
    'https://outlook.live.com/*',
  ],
  runAt: 'document_idle',
  main(ctx) {
    const scope = globalThis as { [RUNNING]?: boolean };
    if (scope[RUNNING]) return;
    scope[RUNNING] = true;
    const adapter = adapterFor(new URL(location.href));
    const site = adapter.site;
    const isPage = site === 'page';
    // Where the browser would not open the panel from the chip (Firefox), the chip says how to.
    const hint = createSidebarHint();
    const chip = createChip(
      (email) =>
        void bestEffort('chip.open-panel', async () => {
          const answer = await sendMessage('openSidePanel', email ? { email } : {});
          if (!answer.opened && answer.hint) hint.show(chip.element, answer.hint);
        }),
    );
    const marks = createPageMarks();
    let lastKey = '';
    let timer: number | undefined;
    let lastRunAt = -Infinity;
    let active = false;
    let pageMarks: PageMark[] = [];
    // Webmail: the thread and compose windows. Ordinary pages: only the head (title, metadata) of a single-page app.
    const watcher = isPage
      ? createHeadWatcher(() => schedule())
      : createPageWatcher({ watch: adapter.watch, ignore: chip.element, onChange: () => schedule() });

    async function refresh(force = false) {
      timer = undefined;
      const startedAt = performance.now();
      lastRunAt = startedAt;
      const reading = readPage(document, new URL(location.href));
      watcher.setRoot(reading.root);
      pageMarks = reading.marks ?? [];
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
      if (key !== lastKey || !ctx.isValid || !active) return;
      chip.render(summary, reading.anchor);
      if (isPage) marks.show(pageMarks, summary.knownEmails);
      // Benchmarks read how long recognising the page took (read, look up, draw); never in the store build.
      if (import.meta.env.MODE !== 'production')
        document.documentElement.setAttribute('data-margin-recognised-ms', (performance.now() - startedAt).toFixed(2));
    }

    function schedule() {
      if (timer !== undefined) return;
      const delay = Math.max(SETTLE_MS, lastRunAt + (isPage ? PAGE_INTERVAL_MS : MIN_INTERVAL_MS) - performance.now());
      timer = ctx.setTimeout(() => (isPage ? whenIdle(() => void refresh()) : void refresh()), delay);
    }

    /** Ordinary pages wait for the browser to be idle, so reading never competes with the page's own work. */
    function whenIdle(run: () => void) {
      if ('requestIdleCallback' in window) ctx.requestIdleCallback(run, { timeout: 2_000 });
      else run();
    }

    function start() {
      if (active) return;
      active = true;
      // Webmail is a single-page app: follow its navigation and DOM changes, throttled; never poll.
      watcher.start();
      if (isPage) whenIdle(() => void refresh(true));
      else void refresh(true);
    }

    function stop() {
      active = false;
      watcher.stop();
      clearTimeout(timer);
      timer = undefined;
      lastKey = '';
      chip.remove();
      hint.close();
      marks.clear();
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
      onMessage('pageSelection', () => ({
        text: (window.getSelection()?.toString() ?? '').trim().slice(0, 10_000),
        url: location.href,
        title: document.title.slice(0, 300),
      })),
    ];

    ctx.onInvalidated(() => {
      unwatch();
      for (const remove of listeners) remove();
      stop();
      scope[RUNNING] = false;
    });
  },
});

/**
 * An ordinary page changes what it is about only by navigating (followed through `wxt:locationchange`)
 * or, in a single-page app, by changing its title and metadata: watch the head only, never the body.
 */
function createHeadWatcher(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  return {
    start() {
      if (document.head)
        observer.observe(document.head, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['content'],
        });
    },
    stop() {
      observer.disconnect();
    },
    setRoot(_root: Element | null) {},
  };
}
