import { useEffect, useState } from 'react';
import { currentTabContext, currentWebTab, watchTabContexts, type TabContext } from '../lib/tab-context';
import type { WebTab } from '../components/Research';

/** The context of the tab the side panel sits beside; `undefined` while loading, `null` when none. */
export function useTabContext(): TabContext | null | undefined {
  const [value, setValue] = useState<TabContext | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let latest = 0;
    const load = () => {
      const call = ++latest;
      void currentTabContext().then(
        (entry) => {
          if (!alive || call !== latest) return;
          // Keep the same object while nothing changed, so the panel does not redraw on every write.
          setValue((previous) => (previous && entry && previous.at === entry.at && previous.focus === entry.focus && previous.tabId === entry.tabId ? previous : (entry ?? null)));
        },
        () => alive && setValue(null),
      );
    };
    load();
    const unwatch = watchTabContexts(load);
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return value;
}

/** The web tab the side panel is beside (its address and title), read by Margin or not; null when there is none. */
export function useWebTab(): WebTab | null | undefined {
  const [value, setValue] = useState<WebTab | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const load = () =>
      void currentWebTab().then(
        (tab) => alive && setValue((previous) => (previous && tab && previous.id === tab.id && previous.url === tab.url && previous.title === tab.title && previous.capture?.at === tab.capture?.at ? previous : (tab ?? null))),
        () => alive && setValue(null),
      );
    load();
    const unwatch = watchTabContexts(load);
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return value;
}
