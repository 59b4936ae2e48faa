import type { ThreadGroup } from '../lib/email-context';
import { getDb, type Session } from '../lib/db';
import { sendMessage } from '../lib/messaging';
import { currentTabContext, currentWebTab, firstBesideTab, type TabContext } from '../lib/tab-context';

/**
 * The side panel's first reads, started before React mounts (main.tsx imports this first): the tab
 * it sits beside, that tab's email grouped by the background, and the panel's own database
 * connection. Each is handed out once, to the first reader; later reads go to the source.
 */
interface Preloaded {
  tabContext: Promise<TabContext | undefined> | null;
  webTab: ReturnType<typeof currentWebTab> | null;
  groups: Promise<{ key: string; groups: ThreadGroup[] } | null> | null;
  session: Promise<Session | null | undefined> | null;
}

const preloaded: Preloaded = { tabContext: null, webTab: null, groups: null, session: null };

/** The key the email view reads its groups under: the people on the email. */
export const peopleKey = (context: TabContext['context']) => JSON.stringify(context.people);

export function startPanelPreload(): void {
  const first = firstBesideTab();
  const tabContext = first.then((f) => f.context);
  preloaded.tabContext = tabContext;
  preloaded.webTab = first.then((f) => f.webTab);
  preloaded.groups = tabContext.then(
    async (entry) =>
      entry?.context.people.length
        ? { key: peopleKey(entry.context), groups: await sendMessage('emailContext', entry.context) }
        : null,
    () => null,
  );
  preloaded.groups.catch(() => undefined);
  // The background's database is open already: its answer comes before this page's connection is.
  preloaded.session = sendMessage('panelSession', undefined).catch(() => undefined);
  // Opening the connection takes a while on a cold page; the session and the live queries then find it open.
  void getDb()
    .open()
    .catch(() => undefined);
}

function take<K extends keyof Preloaded>(key: K): Preloaded[K] {
  const value = preloaded[key];
  preloaded[key] = null;
  return value;
}

/** The tab the panel is beside: the preloaded read the first time, a fresh one after. */
export const loadTabContext = (): Promise<TabContext | undefined> => take('tabContext') ?? currentTabContext();
export const loadWebTab = (): ReturnType<typeof currentWebTab> => take('webTab') ?? currentWebTab();

/** Who is signed in, as the background said at the panel's start (undefined once taken, or if it could not say). */
export const preloadedSession = (): Promise<Session | null | undefined> | null => take('session');

/** The background's grouping of this email, when it was preloaded for these people; else null. */
export function preloadedGroups(key: string): Promise<ThreadGroup[] | null> | null {
  const pending = take('groups');
  return pending ? pending.then((found) => (found?.key === key ? found.groups : null)) : null;
}
