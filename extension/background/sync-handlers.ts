import { recordId } from '../../shared/records';
import { MessageError } from '../i18n/errors';
import { bestEffort } from '../lib/best-effort';
import type { Background } from './context';
import type { Handlers } from './router';
import { fetchNoteHistory } from './api-client';

/** Sync now, a local write to send soon, the team's members, a note's history from the server. */
export function syncHandlers(
  bg: Background,
): Pick<Handlers, 'syncNow' | 'localChange' | 'refreshMembers' | 'noteHistory'> {
  const { db, scheduler } = bg;
  return {
    syncNow() {
      void bestEffort('members', bg.refreshMembers());
      return scheduler.syncNow();
    },
    localChange() {
      scheduler.soon();
      bg.badge.refresh();
    },
    async refreshMembers() {
      await bg.refreshMembers(true);
    },
    async noteHistory(data) {
      const [session, token] = await Promise.all([db.getMeta('session'), db.getMeta('token')]);
      if (!session || !token) throw new MessageError('error.signInFirst');
      return fetchNoteHistory(session.serverUrl, token, recordId.parse(data));
    },
  };
}
