import { pageContext } from '../../shared/page-context';
import { recordId } from '../../shared/records';
import { getSyncDb } from '../lib/db';
import { fetchMe, fetchMembers, fetchNoteHistory, joinTeam, normalizeServerUrl, teamApi } from '../background/api-client';
import { teamAdminRequest } from '../background/team-admin';
import { lookupContext } from '../background/context-lookup';
import { CONTENT_SCRIPT_MESSAGES, onMessage } from '../lib/messaging';
import { signInInput } from '../background/sign-in';
import { createSyncScheduler } from '../background/sync-scheduler';
import { agendaStore, pruneChanges } from '../lib/agenda-store';
import { focusPerson, forgetTab, readTabContext, rememberTabContext, setPendingCapture } from '../lib/tab-context';
import { PageIndex } from '../background/page-index';
import { SearchIndex } from '../background/search-index';
import { openSidePanel } from '../lib/side-panel';
import { requestPanel } from '../lib/panel-request';
import { panelRequestForCommand } from '../lib/commands';
import { pageSummary, recognizePage } from '../lib/page-recognition';
import { injectPageReader, syncPageScripts } from '../lib/site-access';
import { emailFromPage } from '../../shared/email';
import { mailtoAddress } from '../adapters/page';
import type { Account } from '../../shared/records';
import { translate, type MessageKey, type MessageVars } from '../i18n';
import { browserLocale, readLocale, watchLocale } from '../i18n/language';
import { withChipWords } from '../background/chip-words';
import { MessageError } from '../i18n/errors';

const SYNC_ALARM = 'margin-sync';
const MEMBERS_MAX_AGE_MS = 10 * 60_000;

export default defineBackground(() => {
  const db = getSyncDb();
  /** The rep's language, for what the background writes itself: the chip's words, menus, the toolbar's title. */
  let locale = browserLocale();
  const localeRead = readLocale().then((l) => { locale = l; }).catch(() => undefined);
  const t = (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars);
  const pageIndex = new PageIndex(db);
  const searchIndex = new SearchIndex(db);
  const scheduler = createSyncScheduler(db, {
    afterRound: () => {
      refreshBadge();
      void pruneChanges(db).catch(() => undefined);
    },
  });

  // The toolbar button opens the popup (today's agenda); the popup, the chip and the shortcut open the side panel.
  void browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);

  /** The toolbar badge: how many prompts are overdue or due today. Debounced; recomputed on changes and each minute. */
  let badgeTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshBadge(delay = 1_000) {
    clearTimeout(badgeTimer);
    badgeTimer = setTimeout(() => {
      void (async () => {
        const session = await db.getMeta('session');
        const count = session ? (await agendaStore(db, session.member.id).prompts()).filter((p) => p.when !== 'upcoming').length : 0;
        await browser.action.setBadgeText({ text: count ? String(Math.min(count, 999)) : '' });
        await browser.action.setBadgeBackgroundColor({ color: '#b91c1c' });
        await browser.action.setTitle({ title: count ? t('badge.due', { count }) : t('badge.idle') });
      })().catch(() => undefined);
    }, delay);
  }
  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) {
      scheduler.soon(0);
      refreshBadge(5_000);
    }
  });
  self.addEventListener('online', () => scheduler.soon(0));

  /** Teammates' names (owners, authors) for the side panel; best effort, at most every ten minutes. */
  async function refreshMembers(force = false) {
    const [session, token, cached] = await Promise.all([db.getMeta('session'), db.getMeta('token'), db.getMeta('members')]);
    if (!session || !token || (!force && cached && Date.now() - cached.fetchedAt < MEMBERS_MAX_AGE_MS)) return;
    await db.setMeta('members', { list: await fetchMembers(session.serverUrl, token), fetchedAt: Date.now() });
  }

  /** Page-origin senders (content scripts) get only the lookups and the side panel. */
  function assertAllowed(type: string, sender: { tab?: unknown; url?: string }) {
    const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) ?? false;
    if (!fromExtensionPage && !CONTENT_SCRIPT_MESSAGES.has(type as never)) throw new Error(`${type} is not available to web pages`);
  }

  onMessage('signIn', async ({ data, sender }) => {
    assertAllowed('signIn', sender);
    const input = signInInput.parse(data);
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const joined = await joinTeam(serverUrl, { code: input.code, name: input.name });
    const me = await fetchMe(serverUrl, joined.token);
    const previous = await db.getMeta('session');
    const session = { ...me, serverUrl };
    await db.transaction('rw', [...db.recordTables, db.meta, db.outbox, db.rejected, db.held, db.changes], async () => {
      // A different team or server: start from a clean cache so no team's data mixes with another's.
      if (previous && (previous.team.id !== me.team.id || previous.serverUrl !== serverUrl)) {
        await Promise.all([...db.recordTables, db.outbox, db.rejected, db.held].map((t) => t.clear()));
        await db.meta.bulkDelete(['cursor', 'client', 'syncStatus', 'members']);
        await db.changes.add({ ids: {}, reset: true });
      }
      await db.setMeta('session', session);
      await db.setMeta('token', joined.token);
    });
    scheduler.soon(0);
    void refreshMembers(true).catch(() => undefined);
    return session;
  });

  /** Forgets the session and, when the team is gone for this browser (left, deleted), its cached data too. */
  async function signOut(clearData: boolean) {
    await db.transaction('rw', [...db.recordTables, db.meta, db.outbox, db.rejected, db.held, db.changes], async () => {
      await db.meta.bulkDelete(['token', 'session', 'syncStatus', 'members']);
      if (clearData) {
        await Promise.all([...db.recordTables, db.outbox, db.rejected, db.held].map((t) => t.clear()));
        await db.meta.bulkDelete(['cursor', 'client', 'rebuilding']);
        await db.changes.add({ ids: {}, reset: true });
      }
    });
    refreshBadge(0);
  }

  onMessage('signOut', async ({ sender }) => {
    assertAllowed('signOut', sender);
    await signOut(false);
  });

  onMessage('teamAdmin', async ({ data, sender }) => {
    assertAllowed('teamAdmin', sender);
    const request = teamAdminRequest.parse(data);
    const [session, token] = await Promise.all([db.getMeta('session'), db.getMeta('token')]);
    if (!session || !token) throw new MessageError('error.signInFirst');
    const api = teamApi(session.serverUrl, token);
    switch (request.action) {
      case 'invite':
        return api.invite(request.role);
      case 'invites':
        return api.invites();
      case 'cancelInvite':
        await api.cancelInvite(request.inviteId);
        return { cancelled: true };
      case 'setRole': {
        const result = await api.setRole(request.memberId, request.role);
        await refreshMembers(true);
        if (request.memberId === session.member.id) await db.setMeta('session', { ...session, member: { ...session.member, role: request.role } });
        return result;
      }
      case 'revoke':
        await api.revoke(request.memberId);
        await refreshMembers(true);
        return { revoked: true };
      case 'rotateToken':
        await db.setMeta('token', await api.rotate());
        return { rotated: true };
      case 'export':
        return api.exportAll();
      case 'leave':
        // Changes not yet sent would be lost with the membership: send them first.
        await scheduler.syncNow();
        if ((await db.outbox.count()) > 0) throw new MessageError('error.leaveUnsynced');
        await api.leave();
        await signOut(true);
        return { left: true };
      case 'deleteTeam':
        await api.deleteTeam(request.confirm);
        await signOut(true);
        return { deleted: true };
    }
  });

  onMessage('syncNow', async ({ sender }) => {
    assertAllowed('syncNow', sender);
    void refreshMembers().catch(() => undefined);
    return scheduler.syncNow();
  });

  onMessage('localChange', ({ sender }) => {
    assertAllowed('localChange', sender);
    scheduler.soon();
    refreshBadge();
  });

  /** A known page's tab shows the account's tier on the toolbar button; other tabs keep the agenda count. */
  async function tabBadge(tabId: number, account: Account | undefined) {
    if (!account) {
      await browser.action.setBadgeText({ tabId, text: null as unknown as string }); // null: back to the global badge (Chrome's documented reset)
      await browser.action.setTitle({ tabId, title: null as unknown as string });
      return;
    }
    await browser.action.setBadgeText({ tabId, text: account.tier });
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#1d4ed8' });
    await browser.action.setTitle({ tabId, title: t('badge.page', { name: account.name, tier: account.tier }) });
  }

  onMessage('lookupContext', async ({ data, sender }) => {
    const context = pageContext.parse(data);
    await localeRead; // the chip's words in the rep's chosen language, also right after the service worker starts
    const signedIn = db.getMeta('session').then((s) => !!s);
    const tab = sender.tab;
    if (context.site === 'page') {
      const found = await recognizePage(db, pageIndex, context);
      const tabId = tab?.id;
      // After the answer is on its way: the page's marker first, then the side panel's copy and the badge.
      if (tabId !== undefined) {
        setTimeout(() => {
          void rememberTabContext(tabId, context, !!tab?.active, found.recognition).catch(() => undefined);
          void tabBadge(tabId, found.accounts[0]).catch(() => undefined);
        }, 0);
      }
      return withChipWords(await pageSummary(db, pageIndex, found, await signedIn), locale);
    }
    // Kept for the side panel (memory only); a failure here must not cost the page its chip.
    if (tab?.id !== undefined) void rememberTabContext(tab.id, context, !!tab.active).catch(() => undefined);
    return withChipWords(await lookupContext(db, context, await signedIn), locale);
  });

  onMessage('readTab', async ({ data, sender }) => {
    assertAllowed('readTab', sender);
    await injectPageReader(data.tabId);
  });

  onMessage('search', async ({ data, sender }) => {
    assertAllowed('search', sender);
    return searchIndex.search(data); // validated there (searchRequest)
  });

  onMessage('refreshMembers', async ({ sender }) => {
    assertAllowed('refreshMembers', sender);
    await refreshMembers(true);
  });

  onMessage('noteHistory', async ({ data, sender }) => {
    assertAllowed('noteHistory', sender);
    const [session, token] = await Promise.all([db.getMeta('session'), db.getMeta('token')]);
    if (!session || !token) throw new MessageError('error.signInFirst');
    return fetchNoteHistory(session.serverUrl, token, recordId.parse(data));
  });

  onMessage('openSidePanel', async ({ data, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return;
    const email = typeof data?.email === 'string' && data.email.length <= 254 ? data.email : undefined;
    // Open first: Chrome allows it only while the click's user gesture lasts.
    const opening = openSidePanel({ tabId });
    await focusPerson(tabId, email);
    await opening;
  });

  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId).catch(() => undefined));

  // Sites the rep granted get the page reader; a new grant reads the open tabs of that site at once.
  void syncPageScripts().catch((error) => console.warn('[margin] could not register the page reader', error));
  browser.permissions.onAdded.addListener((added) => {
    void (async () => {
      await syncPageScripts();
      const origins = added.origins ?? [];
      if (!origins.length) return;
      const tabs = await browser.tabs.query({ url: origins });
      await Promise.all(tabs.map((t) => (t.id !== undefined ? injectPageReader(t.id).catch(() => undefined) : undefined)));
    })().catch(() => undefined);
  });
  browser.permissions.onRemoved.addListener(() => void syncPageScripts().catch(() => undefined));

  // Context menus: capture from what the rep points at. A click also lets Margin read that tab (activeTab).
  // Menus persist across service-worker restarts; they are made on install and remade in a new language.
  async function createMenus() {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: 'margin-note', title: t('menu.note'), contexts: ['selection'] });
    browser.contextMenus.create({ id: 'margin-contact', title: t('menu.contact'), contexts: ['link'], targetUrlPatterns: ['mailto:*'] });
    browser.contextMenus.create({ id: 'margin-page', title: t('menu.page'), contexts: ['page'] });
  }
  watchLocale((l) => {
    locale = l;
    void createMenus().catch(() => undefined);
    refreshBadge(0);
  });
  browser.runtime.onInstalled.addListener(() => void localeRead.then(createMenus).catch(() => undefined));
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const tabId = tab?.id;
    if (tabId === undefined) return;
    const opening = openSidePanel({ tabId }); // within the click's gesture
    const url = info.pageUrl ?? tab?.url ?? '';
    void (async () => {
      if (info.menuItemId === 'margin-note' && info.selectionText) {
        await setPendingCapture(tabId, { kind: 'note', text: info.selectionText.slice(0, 10_000), url, title: tab?.title ?? '', at: Date.now() });
      } else if (info.menuItemId === 'margin-contact' && info.linkUrl) {
        const email = emailFromPage(mailtoAddress(info.linkUrl));
        if (email) await setPendingCapture(tabId, { kind: 'contact', email, name: '', url, at: Date.now() });
      }
      await injectPageReader(tabId).catch(() => undefined);
      await opening;
    })().catch(() => undefined);
  });

  // Keyboard commands (Options → Shortcuts; the rep can change the keys in the browser's settings).
  browser.commands.onCommand.addListener((command, tab) => {
    const opening = openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }); // within the key press's gesture
    void (async () => {
      const entry = tab?.id !== undefined ? await readTabContext(tab.id) : undefined;
      const action = panelRequestForCommand(command, entry, Date.now());
      if (action?.focus && tab?.id !== undefined) await focusPerson(tab.id, action.focus);
      if (action?.request) await requestPanel(action.request);
      await opening;
    })().catch(() => undefined);
  });

  void scheduler.recoverAfterRestart().then(() => scheduler.soon(0));
  refreshBadge(2_000);
});
