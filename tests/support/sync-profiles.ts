import type { SessionResponse } from '../../shared/api';
import { syncApi } from '../../extension/background/api-client';
import { createInvite, createTeam, joinTeam } from './team';
import { freshDbs } from './test-db';

/**
 * Call at the top of an ext test file: sync profiles (a fresh database, the real API against
 * `serverUrl`, an author for new records), each database deleted after its test, and a team of two.
 */
export function syncProfiles(serverUrl: string, prefix: string) {
  const newDb = freshDbs(prefix);
  const profile = (session: SessionResponse) => ({
    db: newDb(),
    session,
    api: syncApi(serverUrl, session.token),
    by: () => ({ memberId: session.member.id, now: Date.now() }),
  });
  async function teamOfTwo(teamName = 'Sync Team', memberName = 'Mei 美') {
    const owner = await createTeam(serverUrl, teamName);
    const member = await joinTeam(serverUrl, await createInvite(serverUrl, owner.token), memberName);
    return { a: profile(owner), b: profile(member) };
  }
  return { newDb, profile, teamOfTwo };
}
