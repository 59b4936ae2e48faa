import { pageContext } from '../../shared/page-context';
import { bestEffort } from '../lib/best-effort';
import { pageSummary, recognizePage } from '../lib/page-recognition';
import { rememberTabContext } from '../lib/tab-context';
import type { Background } from './context';
import type { Handlers } from './router';
import { withChipWords } from './chip-words';
import { lookupContext } from './context-lookup';
import { emailContextGroups } from '../lib/email-context';

/** How long a lookup waits for the page index to catch up before asking the database instead. */
const INDEX_WAIT_MS = 16;

/** What the chip and the search box ask: who is this, what do we know, what matches. */
export function lookupHandlers(
  bg: Background,
): Pick<Handlers, 'lookupContext' | 'emailContext' | 'panelSession' | 'search'> {
  const { db, pageIndex, searchIndex, language } = bg;
  /**
   * The page index when built and caught up; otherwise undefined, and the database's indexes answer:
   * while it is first built (it starts now, for the next ask), or when catching up takes longer
   * than a frame (a first sync's thousands of changes make it read everything again).
   */
  const loadedIndex = async () => {
    const caughtUp = pageIndex.current();
    void bestEffort('page-index', caughtUp);
    if (!pageIndex.loaded) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), INDEX_WAIT_MS);
    });
    try {
      return await Promise.race([
        caughtUp.then(
          () => pageIndex,
          () => undefined,
        ),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async panelSession() {
      return (await db.getMeta('session')) ?? null;
    },
    async emailContext(data) {
      return emailContextGroups(db, pageContext.parse(data), await loadedIndex());
    },
    async lookupContext(data, from) {
      const context = pageContext.parse(data);
      await language.ready; // the chip's words in the rep's chosen language, also right after the service worker starts
      const signedIn = db.getMeta('session').then((s) => !!s);
      const tab = from.tab;
      if (context.site === 'page') {
        const found = await recognizePage(db, pageIndex, context);
        const tabId = tab?.id;
        // After the answer is on its way: the page's marker first, then the side panel's copy and the badge.
        if (tabId !== undefined) {
          setTimeout(() => {
            void bestEffort('tab-context', rememberTabContext(tabId, context, !!tab?.active, found.recognition));
            void bestEffort('badge.tab', bg.badge.forTab(tabId, found.accounts[0]));
          }, 0);
        }
        return withChipWords(await pageSummary(db, pageIndex, found, await signedIn), language.current());
      }
      // Kept for the side panel (memory only), once the answer is on its way; a failure here must not cost the page its chip.
      const tabId = tab?.id;
      if (tabId !== undefined)
        setTimeout(() => void bestEffort('tab-context', rememberTabContext(tabId, context, !!tab?.active)), 0);
      // From memory once the page index is built; until then (a service worker just started) from the
      // database's indexes, while the index builds for the next one.
      return withChipWords(await lookupContext(db, context, await signedIn, await loadedIndex()), language.current());
    },
    search(data) {
      return searchIndex.search(data); // validated there (searchRequest)
    },
  };
}
