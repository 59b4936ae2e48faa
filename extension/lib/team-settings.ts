import { registrableDomain } from '../../shared/normalize';
import type { Settings } from '../../shared/records';
import type { MarginDB } from './db';

/** The team's settings record: the oldest one, should two have been created before a sync. */
export async function teamSettings(db: MarginDB): Promise<Settings | undefined> {
  const all = (await db.settings.toArray()).filter((s) => !s.deleted);
  return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0];
}

/** The team's own domains: addresses there are colleagues, never customers. */
export function internalDomainSet(settings: Settings | undefined): Set<string> {
  return new Set((settings?.internalDomains ?? []).map((d) => registrableDomain(d) ?? d));
}

export function isInternalAddress(email: string, internal: ReadonlySet<string>): boolean {
  const d = registrableDomain(email);
  return !!d && internal.has(d);
}
