import type { Account } from '../../shared/records';
import type { MarginDB } from '../lib/db';
import { agendaStore } from '../lib/agenda-store';
import { bestEffort } from '../lib/best-effort';
import type { MessageKey, MessageVars } from '../i18n';

export interface Badge {
  /** Recounts the prompts overdue or due today (debounced). */
  refresh(delay?: number): void;
  /** A known page's tab shows the account's tier; other tabs (account undefined) keep the agenda count. */
  forTab(tabId: number, account: Account | undefined): Promise<void>;
}

/** The toolbar badge: how many prompts are overdue or due today; recomputed on changes and each minute. */
export function createBadge(db: MarginDB, t: (key: MessageKey, vars?: MessageVars) => string): Badge {
  let timer: ReturnType<typeof setTimeout> | undefined;
  async function draw() {
    const session = await db.getMeta('session');
    const count = session
      ? (await agendaStore(db, session.member.id).prompts()).filter((p) => p.when !== 'upcoming').length
      : 0;
    await browser.action.setBadgeText({ text: count ? String(Math.min(count, 999)) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#b91c1c' });
    await browser.action.setTitle({ title: count ? t('badge.due', { count }) : t('badge.idle') });
  }
  return {
    refresh(delay = 1_000) {
      clearTimeout(timer);
      timer = setTimeout(() => void bestEffort('badge', draw), delay);
    },
    async forTab(tabId, account) {
      if (!account) {
        await browser.action.setBadgeText({ tabId, text: null as unknown as string }); // null: back to the global badge (Chrome's documented reset)
        await browser.action.setTitle({ tabId, title: null as unknown as string });
        return;
      }
      await browser.action.setBadgeText({ tabId, text: account.tier });
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#1d4ed8' });
      await browser.action.setTitle({ tabId, title: t('badge.page', { name: account.name, tier: account.tier }) });
    },
  };
}
