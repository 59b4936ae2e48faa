import { useEffect, useState } from 'react';
import { currentTabContext, watchTabContexts, type TabContext } from '../lib/tab-context';

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
