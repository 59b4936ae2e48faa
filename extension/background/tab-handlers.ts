import { emailFromPage } from '../../shared/email';
import { mailtoAddress } from '../adapters/page';
import { bestEffort } from '../lib/best-effort';
import { panelRequestForCommand } from '../lib/commands';
import { openPortfolioPage } from '../ui/open-page';
import { requestPanel } from '../lib/panel-request';
import { openSidePanel, openSidePanelForPage } from '../lib/side-panel';
import { injectPageReader, stillReadable, syncPageScripts } from '../lib/site-access';
import { focusPerson, forgetTab, forgetTabsOfSites, readTabContext, setPendingCapture } from '../lib/tab-context';
import type { Background } from './context';
import type { Handlers } from './router';

/** The side panel opened from the chip, and a tab read now (after a grant, or under activeTab). */
export function tabHandlers(bg: Background): Pick<Handlers, 'openSidePanel' | 'readTab'> {
  return {
    async openSidePanel(data, from) {
      const tabId = from.tab?.id;
      if (tabId === undefined) return { opened: false };
      const email = typeof data?.email === 'string' && data.email.length <= 254 ? data.email : undefined;
      // Open first: Chrome allows it only while the click's user gesture lasts.
      const opening = openSidePanelForPage({ tabId, windowId: from.tab?.windowId });
      await focusPerson(tabId, email);
      if (await opening) return { opened: true };
      return { opened: false, hint: await sidebarHint(bg) };
    },
    async readTab(data) {
      await injectPageReader(data.tabId);
    },
  };
}

/** How the rep opens the sidebar themselves: the shortcut they have for it, else the toolbar button. */
async function sidebarHint(bg: Background): Promise<{ text: string; close: string }> {
  const { t } = bg.language;
  const commands = await bestEffort('commands.read', browser.commands.getAll(), []);
  const keys = commands.find((c) => c.name === 'open-panel')?.shortcut;
  return {
    text: keys ? t('chip.sidebarClosed', { keys }) : t('chip.sidebarClosedNoKeys'),
    close: t('common.dismiss'),
  };
}

/** The browser's own events: closed tabs, granted sites, context menus, keyboard commands. */
export function listenToBrowser(bg: Background): void {
  const { t } = bg.language;
  browser.tabs.onRemoved.addListener((tabId) => void bestEffort('tab-context', forgetTab(tabId)));

  // Sites the rep granted get the page reader; a new grant reads the open tabs of that site at once.
  void bestEffort('site-access.register', syncPageScripts());
  browser.permissions.onAdded.addListener((added) => {
    void bestEffort('site-access.grant', async () => {
      await syncPageScripts();
      const origins = added.origins ?? [];
      if (!origins.length) return;
      const tabs = await browser.tabs.query({ url: origins });
      await Promise.all(
        tabs.map((tab) =>
          tab.id !== undefined ? bestEffort('site-access.read-tab', injectPageReader(tab.id)) : undefined,
        ),
      );
    });
  });
  browser.permissions.onRemoved.addListener((removed) => {
    void bestEffort('site-access.revoke', async () => {
      await syncPageScripts();
      await forgetTabsOfSites(removed.origins ?? [], stillReadable);
    });
  });

  // Context menus: capture from what the rep points at. A click also lets Margin read that tab (activeTab).
  // Menus persist across service-worker restarts; they are made on install and remade in a new language.
  async function createMenus() {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: 'margin-note', title: t('menu.note'), contexts: ['selection'] });
    browser.contextMenus.create({
      id: 'margin-contact',
      title: t('menu.contact'),
      contexts: ['link'],
      targetUrlPatterns: ['mailto:*'],
    });
    browser.contextMenus.create({ id: 'margin-page', title: t('menu.page'), contexts: ['page'] });
  }
  bg.language.onChange(() => void bestEffort('menus', createMenus()));
  browser.runtime.onInstalled.addListener(() => void bestEffort('menus', bg.language.ready.then(createMenus)));
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const tabId = tab?.id;
    if (tabId === undefined) return;
    const opening = openSidePanel({ tabId }); // within the click's gesture
    const url = info.pageUrl ?? tab?.url ?? '';
    void bestEffort('menus.capture', async () => {
      if (info.menuItemId === 'margin-note' && info.selectionText) {
        await setPendingCapture(tabId, {
          kind: 'note',
          text: info.selectionText.slice(0, 10_000),
          url,
          title: tab?.title ?? '',
          at: Date.now(),
        });
      } else if (info.menuItemId === 'margin-contact' && info.linkUrl) {
        const email = emailFromPage(mailtoAddress(info.linkUrl));
        if (email) await setPendingCapture(tabId, { kind: 'contact', email, name: '', url, at: Date.now() });
      }
      await bestEffort('menus.read-tab', injectPageReader(tabId));
      await opening;
    });
  });

  // Keyboard commands (Options → Shortcuts; the rep can change the keys in the browser's settings).
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-portfolio') return openPortfolioPage();
    const opening = openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }); // within the key press's gesture
    void bestEffort('commands', async () => {
      const entry = tab?.id !== undefined ? await readTabContext(tab.id) : undefined;
      const action = panelRequestForCommand(command, entry, Date.now());
      if (action?.focus && tab?.id !== undefined) await focusPerson(tab.id, action.focus);
      if (action?.request) await requestPanel(action.request);
      await opening;
    });
  });
}
