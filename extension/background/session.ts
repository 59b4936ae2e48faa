import type { MarginDB, MetaKey, Session } from '../lib/db';
import { fetchMe, joinTeam, normalizeServerUrl } from './api-client';
import { signInInput } from './sign-in';

/**
 * Signing in, signing out and switching teams: the only code that changes whose data the cache
 * holds. One rule: a cache holds one team's data on one server (`cacheOwner`). Signing into any
 * other team, or leaving or deleting the team, forgets all of it with `forgetTeamData`.
 */

/** Meta keys that belong to the team's data (and go with it); the rest is this browser's or the session's. */
const TEAM_META: readonly MetaKey[] = [
  'cursor',
  'client',
  'rebuilding',
  'syncStatus',
  'members',
  'cacheOwner',
  'changesPrunedBelow',
  'portfolio',
];
const SESSION_META: readonly MetaKey[] = ['session', 'token', 'syncStatus', 'members'];

function teamTables(db: MarginDB) {
  return [...db.recordTables, db.outbox, db.rejected, db.held, db.changes];
}

/**
 * Forgets every record, queued write, refusal, held row and change of the team the cache holds.
 * The change log restarts with one `reset` entry so every reader (indexes, agenda) re-reads, and
 * entries before it count as pruned. Runs inside the caller's transaction when there is one.
 */
export async function forgetTeamData(db: MarginDB): Promise<void> {
  await db.transaction('rw', [...teamTables(db), db.meta], async () => {
    await Promise.all(teamTables(db).map((t) => t.clear()));
    await db.meta.bulkDelete([...TEAM_META]);
    const seq = await db.changes.add({ ids: {}, reset: true });
    await db.setMeta('changesPrunedBelow', seq);
  });
}

/** Signs in with an invite or sign-in code; a different team or server than the cache's starts from a clean cache. */
export async function signIn(db: MarginDB, input: unknown): Promise<Session> {
  const parsed = signInInput.parse(input);
  const serverUrl = normalizeServerUrl(parsed.serverUrl);
  const joined = await joinTeam(serverUrl, { code: parsed.code, name: parsed.name });
  const me = await fetchMe(serverUrl, joined.token);
  const session: Session = { ...me, serverUrl };
  await db.transaction('rw', [...teamTables(db), db.meta], async () => {
    const owner = await db.getMeta('cacheOwner');
    const previous = await db.getMeta('session');
    const cachedTeam = owner ?? (previous ? { teamId: previous.team.id, serverUrl: previous.serverUrl } : undefined);
    // A cache of no known owner (a fresh profile, or one from before `cacheOwner`, signed out) may
    // hold another team's data and queued writes: forgotten, never sent to this team.
    if (!cachedTeam || cachedTeam.teamId !== me.team.id || cachedTeam.serverUrl !== serverUrl) await forgetTeamData(db);
    await db.setMeta('session', session);
    await db.setMeta('token', joined.token);
    await db.setMeta('cacheOwner', { teamId: me.team.id, serverUrl });
  });
  return session;
}

/**
 * Forgets the session. The cached data stays for signing back in to the same team (queued writes
 * are sent then), unless `forgetData`: the team is gone for this browser (left, deleted).
 */
export async function signOut(db: MarginDB, options: { forgetData: boolean }): Promise<void> {
  await db.transaction('rw', [...teamTables(db), db.meta], async () => {
    await db.meta.bulkDelete([...SESSION_META]);
    if (options.forgetData) await forgetTeamData(db);
  });
}
