import type { MarginDB } from '../lib/db';
import type { Locale, MessageKey, MessageVars } from '../i18n';
import type { createSyncScheduler } from './sync-scheduler';
import type { PageIndex } from './page-index';
import type { SearchIndex } from './search-index';
import type { Badge } from './badge';

/** What the background's handlers share: its database connection, the sync scheduler, the in-memory indexes. */
export interface Background {
  db: MarginDB;
  scheduler: ReturnType<typeof createSyncScheduler>;
  pageIndex: PageIndex;
  searchIndex: SearchIndex;
  badge: Badge;
  /** The rep's language, for what the background writes itself (the chip's words, menus, the toolbar's title). */
  language: {
    current(): Locale;
    ready: Promise<void>;
    t(key: MessageKey, vars?: MessageVars): string;
    onChange(listener: (locale: Locale) => void): void;
  };
  /** Re-reads the team's members (owner and author names); at most every ten minutes unless forced. */
  refreshMembers(force?: boolean): Promise<void>;
}
