import { useEffect, useState } from 'react';
import { watchTabContexts, type TabContext } from '../lib/tab-context';
import { loadTabContext, loadWebTab } from '../ui/panel-preload';
import type { WebTab } from '../components/Research';

/**
 * A value about the tab the side panel is beside, re-read whenever tabs or their contexts change;
 * `undefined` while loading, `null` when there is none. `same` keeps the previous object while
 * nothing that matters changed, so the panel does not redraw on every write.
 */
function useBesideTab<T>(load: () => Promise<T | undefined>, same: (a: T, b: T) => boolean): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let latest = 0;
    const read = () => {
      const call = ++latest;
      void load().then(
        (next) =>
          alive &&
          call === latest &&
          setValue((previous) => (previous && next && same(previous, next) ? previous : (next ?? null))),
        () => alive && setValue(null),
      );
    };
    read();
    const unwatch = watchTabContexts(read);
    return () => {
      alive = false;
      unwatch();
    };
  }, [load, same]);
  return value;
}

const sameContext = (a: TabContext, b: TabContext) => a.at === b.at && a.focus === b.focus && a.tabId === b.tabId;
const sameWebTab = (a: WebTab, b: WebTab) =>
  a.id === b.id && a.url === b.url && a.title === b.title && a.capture?.at === b.capture?.at;

/** The context of the tab the side panel sits beside (what Margin read there). */
export function useTabContext(): TabContext | null | undefined {
  return useBesideTab(loadTabContext, sameContext);
}

/** The web tab the side panel is beside (its address and title), read by Margin or not. */
export function useWebTab(): WebTab | null | undefined {
  return useBesideTab(loadWebTab, sameWebTab);
}
