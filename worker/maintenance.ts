import type { Env } from './env';
import { d1Store } from './d1-store';

const DAY = 86_400_000;
export const DEFAULT_TOMBSTONE_TTL_DAYS = 90;
const REJECTIONS_KEPT_DAYS = 30;

/** The daily cron: purge old tombstones team by team (each team's work is its own small batch). */
export async function runMaintenance(env: Env, now = Date.now()): Promise<{ teams: number; purged: number }> {
  const ttlDays = Number(env.TOMBSTONE_TTL_DAYS ?? DEFAULT_TOMBSTONE_TTL_DAYS);
  const before = now - Math.max(0, ttlDays) * DAY;
  const store = d1Store(env.DB);
  const teams = await env.DB.prepare('SELECT id FROM teams').all<{ id: string }>();
  let purged = 0;
  for (const team of teams.results) purged += (await store.purgeTombstones({ teamId: team.id, before })).purged;
  // Refusals a client never settled (a version that does not say `settledThrough`, a profile gone for good).
  await env.DB.prepare('DELETE FROM rejections WHERE created_at < ?')
    .bind(now - REJECTIONS_KEPT_DAYS * DAY)
    .run();
  return { teams: teams.results.length, purged };
}
