import { bestEffort } from './best-effort';
import { coversUrl } from './site-access';
import type { PageContext } from '../../shared/page-context';
import type { PageRecognition } from './page-recognition';

/** Something the rep asked to capture from a page (a context-menu entry), waiting for the side panel. */
export type PendingCapture =
  | { kind: 'note'; text: string; url: string; title: string; at: number }
  | { kind: 'contact'; email: string; name: string; url: string; at: number };

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
  /** Ordinary pages: the accounts and contacts the page was recognised as. */
  recognition?: PageRecognition;
}

const tabKey = (tabId: number) => `tab:${tabId}`;
const LAST_TAB = 'lastTab';

export async function rememberTabContext(
  tabId: number,
  context: PageContext,
  active: boolean,
  recognition?: PageRecognition,
): Promise<void> {
  const previous = await readTabContext(tabId);
  const focus = previous && previous.context.url === context.url ? previous.focus : undefined;
  const entry: TabContext = {
    tabId,
    context,
    at: Date.now(),
    ...(focus ? { focus } : {}),
    ...(recognition ? { recognition } : {}),
  };
  await browser.storage.session.set({ [tabKey(tabId)]: entry, ...(active ? { [LAST_TAB]: tabId } : {}) });
}

export async function focusPerson(tabId: number, email: string | undefined): Promise<void> {
  const entry = await readTabContext(tabId);
  await browser.storage.session.set({
    [LAST_TAB]: tabId,
    ...(entry ? { [tabKey(tabId)]: { ...entry, focus: email } } : {}),
  });
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove([tabKey(tabId), captureKey(tabId)]);
}

/** After the cache changed team: what each tab was recognised as (another team's accounts) and captures waiting go; the pages' contexts stay. */
export async function forgetTabRecognitions(): Promise<void> {
  const stored = await browser.storage.session.get(null);
  const kept: Record<string, TabContext> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith('tab:')) {
      const { recognition: _dropped, ...rest } = value as TabContext;
      kept[key] = rest;
    }
  }
  await browser.storage.session.remove(Object.keys(stored).filter((key) => key.startsWith('capture:')));
  if (Object.keys(kept).length) await browser.storage.session.set(kept);
}

/**
 * After the rep revoked sites (Options → Other sites): what Margin read on those sites' open tabs
 * goes too, so no panel keeps showing a page Margin may no longer read. `stillReadable` says whether
 * a page's URL remains readable (webmail, or another grant that covers it).
 */
export async function forgetTabsOfSites(
  revoked: readonly string[],
  stillReadable: (url: string) => Promise<boolean>,
): Promise<void> {
  const stored = await browser.storage.session.get(null);
  const gone: string[] = [];
  for (const [key, value] of Object.entries(stored)) {
    if (!key.startsWith('tab:')) continue;
    const { url } = (value as TabContext).context;
    if (!revoked.some((pattern) => coversUrl(pattern, url))) continue;
    if (!(await stillReadable(url))) gone.push(key, captureKey((value as TabContext).tabId));
  }
  if (gone.length) await browser.storage.session.remove(gone);
}

const captureKey = (tabId: number) => `capture:${tabId}`;

export async function setPendingCapture(tabId: number, capture: PendingCapture | null): Promise<void> {
  if (capture) await browser.storage.session.set({ [captureKey(tabId)]: capture, [LAST_TAB]: tabId });
  else await browser.storage.session.remove(captureKey(tabId));
}

export async function pendingCapture(tabId: number): Promise<PendingCapture | undefined> {
  return (await browser.storage.session.get(captureKey(tabId)))[captureKey(tabId)] as PendingCapture | undefined;
}

export async function readTabContext(tabId: number): Promise<TabContext | undefined> {
  const stored = await browser.storage.session.get(tabKey(tabId));
  return stored[tabKey(tabId)] as TabContext | undefined;
}

/**
 * The tab the side panel is beside: the active tab of its window, or, when that is an extension
 * page (the panel opened in a tab), the web page the rep looked at last.
 */
async function besideTab(): Promise<{ id: number; url?: string; title?: string } | undefined> {
  // Both asked at once: the second is needed only when the panel sits in a tab of its own.
  const [[active], all] = await Promise.all([
    browser.tabs.query({ active: true, currentWindow: true }),
    browser.tabs.query({}),
  ]);
  if (active?.id !== undefined && !active.url?.startsWith(browser.runtime.getURL('/')))
    return { id: active.id, url: active.url, title: active.title };
  const web = all.filter((t) => t.id !== undefined && /^https?:/.test(t.url ?? ''));
  const latest = web.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
  if (latest?.lastAccessed) return { id: latest.id!, url: latest.url, title: latest.title };
  const last = (await browser.storage.session.get(LAST_TAB))[LAST_TAB];
  const tab =
    typeof last === 'number' ? await bestEffort('tab-context.last-tab', browser.tabs.get(last), undefined) : undefined;
  return tab?.id !== undefined ? { id: tab.id, url: tab.url, title: tab.title } : undefined;
}

export async function currentTabContext(): Promise<TabContext | undefined> {
  const tab = await besideTab();
  return tab ? readTabContext(tab.id) : undefined;
}

/**
 * `currentTabContext` and `currentWebTab` in one go, for the side panel's first paint: the tabs and
 * the whole session store are asked at once (one round of browser calls instead of three in a row);
 * the store holds a small entry per tab.
 */
export async function firstBesideTab(): Promise<{
  context: TabContext | undefined;
  webTab: { id: number; url: string; title: string; capture?: PendingCapture } | undefined;
}> {
  const [tab, stored] = await Promise.all([besideTab(), browser.storage.session.get(null)]);
  if (!tab) return { context: undefined, webTab: undefined };
  const context = stored[tabKey(tab.id)] as TabContext | undefined;
  const capture = stored[captureKey(tab.id)] as PendingCapture | undefined;
  const webTab = tab.url
    ? { id: tab.id, url: tab.url, title: tab.title ?? '', ...(capture ? { capture } : {}) }
    : undefined;
  return { context, webTab };
}

/** The web tab the side panel is beside, with what the browser knows of it and any capture waiting for it. */
export async function currentWebTab(): Promise<
  { id: number; url: string; title: string; capture?: PendingCapture } | undefined
> {
  const tab = await besideTab();
  if (!tab?.url) return undefined;
  const capture = await pendingCapture(tab.id);
  return { id: tab.id, url: tab.url, title: tab.title ?? '', ...(capture ? { capture } : {}) };
}

/** Calls back when any tab's context or the active tab changes. Returns the unsubscribe. */
export function watchTabContexts(callback: () => void): () => void {
  const onStorage = (_changes: unknown, area: string) => {
    if (area === 'session') callback();
  };
  const onActivated = () => callback();
  const onUpdated = (_id: number, change: { url?: string; status?: string }) => {
    if (change.url || change.status === 'complete') callback();
  };
  browser.storage.onChanged.addListener(onStorage);
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => {
    browser.storage.onChanged.removeListener(onStorage);
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}
