import type { Settings } from '../../shared/records';
import type { MarginDB } from './db';

/** The team's settings record: the oldest one, should two have been created before a sync. */
export async function teamSettings(db: MarginDB): Promise<Settings | undefined> {
  const all = (await db.settings.toArray()).filter((s) => !s.deleted);
  return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0];
}
