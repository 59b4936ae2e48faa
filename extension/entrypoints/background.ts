import { getSyncDb } from '../lib/db';
import { bestEffort, recordFailuresIn } from '../lib/best-effort';
import { diagnosticsRecorder } from '../lib/diagnostics';
import { pruneChanges } from '../lib/agenda-store';
import { translate, type Locale, type MessageKey, type MessageVars } from '../i18n';
import { registerAllCatalogs } from '../i18n/catalogs';
import { browserLocale, readLocale, watchLocale } from '../i18n/language';
import { fetchMembers } from '../background/api-client';
import { createBadge } from '../background/badge';
import type { Background } from '../background/context';
import { lookupHandlers } from '../background/lookup-handlers';
import { PageIndex } from '../background/page-index';
import { serveMessages } from '../background/router';
import { SearchIndex } from '../background/search-index';
import { syncHandlers } from '../background/sync-handlers';
import { createSyncScheduler } from '../background/sync-scheduler';
import { listenToBrowser, tabHandlers } from '../background/tab-handlers';
import { teamHandlers } from '../background/team-handlers';

const SYNC_ALARM = 'margin-sync';
const MEMBERS_MAX_AGE_MS = 10 * 60_000;

/**
 * The background: owns the token, the network and the sync; answers the extension's pages and
 * content scripts through one message table (background/router.ts), handlers by concern.
 */
export default defineBackground(() => {
  const db = getSyncDb();
  recordFailuresIn(diagnosticsRecorder(db));

  registerAllCatalogs();
  let locale: Locale = browserLocale();
  const localeListeners: ((l: Locale) => void)[] = [];
  const t = (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars);
  const language: Background['language'] = {
    current: () => locale,
    ready: bestEffort('language', async () => {
      locale = await readLocale();
    }),
    t,
    onChange: (listener) => void localeListeners.push(listener),
  };
  watchLocale((l) => {
    locale = l;
    for (const listener of localeListeners) listener(l);
    badge.refresh(0);
  });

  const badge = createBadge(db, t);
  const scheduler = createSyncScheduler(db, {
    afterRound: () => {
      badge.refresh();
      void bestEffort('change-log.prune', pruneChanges(db));
    },
  });

  /** Teammates' names (owners, authors) for the side panel; at most every ten minutes unless forced. */
  async function refreshMembers(force = false) {
    const [session, token, cached] = await Promise.all([
      db.getMeta('session'),
      db.getMeta('token'),
      db.getMeta('members'),
    ]);
    if (!session || !token || (!force && cached && Date.now() - cached.fetchedAt < MEMBERS_MAX_AGE_MS)) return;
    await db.setMeta('members', { list: await fetchMembers(session.serverUrl, token), fetchedAt: Date.now() });
  }

  const bg: Background = {
    db,
    scheduler,
    pageIndex: new PageIndex(db),
    searchIndex: new SearchIndex(db),
    badge,
    language,
    refreshMembers,
  };
  serveMessages({ ...teamHandlers(bg), ...syncHandlers(bg), ...lookupHandlers(bg), ...tabHandlers(bg) });
  listenToBrowser(bg);

  // The toolbar button opens the popup (today's agenda); the popup, the chip and the shortcut open the side panel.
  if (browser.sidePanel)
    void bestEffort('side-panel.behavior', browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: false }));

  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) {
      scheduler.soon(0);
      badge.refresh(5_000);
    }
  });
  self.addEventListener('online', () => scheduler.soon(0));

  void scheduler.recoverAfterRestart().then(() => scheduler.soon(0));
  badge.refresh(2_000);
});
