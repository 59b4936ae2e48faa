import type { PageContext } from '../../shared/page-context';

/**
 * What each tab's content script last read, kept by the background in `storage.session` (memory
 * only, cleared with the browser, out of reach of content scripts) so the side panel can show the
 * open email's context at once, even after the service worker restarted.
 */
export interface TabContext {
  tabId: number;
  context: PageContext;
  at: number;
  /** The person the rep clicked the chip for. */
  focus?: string;
}

const tabKey = (tabId: number) => `tab:${tabId}`;
const LAST_TAB = 'lastTab';

export async function rememberTabContext(tabId: number, context: PageContext, active: boolean): Promise<void> {
  const previous = await readTabContext(tabId);
  const focus = previous && previous.context.url === context.url ? previous.focus : undefined;
  const entry: TabContext = { tabId, context, at: Date.now(), ...(focus ? { focus } : {}) };
  await browser.storage.session.set({ [tabKey(tabId)]: entry, ...(active ? { [LAST_TAB]: tabId } : {}) });
}

export async function focusPerson(tabId: number, email: string | undefined): Promise<void> {
  const entry = await readTabContext(tabId);
  await browser.storage.session.set({ [LAST_TAB]: tabId, ...(entry ? { [tabKey(tabId)]: { ...entry, focus: email } } : {}) });
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}

export async function readTabContext(tabId: number): Promise<TabContext | undefined> {
  const stored = await browser.storage.session.get(tabKey(tabId));
  return stored[tabKey(tabId)] as TabContext | undefined;
}

/**
 * The tab the side panel is beside: the active tab of its window, or, when that is an extension
 * page (the panel opened in a tab), the tab whose page the rep last looked at.
 */
export async function currentTabContext(): Promise<TabContext | undefined> {
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active?.id !== undefined && !active.url?.startsWith(browser.runtime.getURL('/'))) {
    const entry = await readTabContext(active.id);
    if (entry || active.url) return entry;
  }
  const last = (await browser.storage.session.get(LAST_TAB))[LAST_TAB];
  return typeof last === 'number' ? readTabContext(last) : undefined;
}

/** Calls back when any tab's context or the active tab changes. Returns the unsubscribe. */
export function watchTabContexts(callback: () => void): () => void {
  const onStorage = (_changes: unknown, area: string) => {
    if (area === 'session') callback();
  };
  const onActivated = () => callback();
  browser.storage.onChanged.addListener(onStorage);
  browser.tabs.onActivated.addListener(onActivated);
  return () => {
    browser.storage.onChanged.removeListener(onStorage);
    browser.tabs.onActivated.removeListener(onActivated);
  };
}
