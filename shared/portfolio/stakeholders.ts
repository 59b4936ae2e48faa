import { DAY_MS } from '../calendar';
import type { Contact, Deal, DealRole, Interaction } from '../records';

/** Single-threaded: one person on a side in the last year. */
export const THREAD_WINDOW_DAYS = 365;

/**
 * The single-threaded rule, one place for the account and the portfolio: over the last year, at
 * most one of their people took part (none named counts too), or exactly one of ours did.
 */
export function isSingleThreaded(theirs: number, ours: number): boolean {
  return theirs <= 1 || ours === 1;
}

export interface Stakeholder {
  contactId: string;
  name: string;
  title: string;
  /** Their roles in the account's deals (open deals' first), as the deals name them. */
  roles: DealRole[];
  /** Who on our team has the most interactions with them (the latest breaks a tie), and how many. */
  knownBestBy: string | null;
  interactions: number;
  /** Their latest interaction with us (not one dated ahead), and who on our side logged it. */
  lastSpokeAt: number | null;
  lastSpokeBy: string | null;
}

export interface StakeholderMap {
  people: Stakeholder[];
  /** Their people and our members who took part in the last year. */
  theirs: number;
  ours: string[];
  /** Null when nobody spoke with the account in the last year (that is decay, not a thread). */
  singleThreaded: { theirs: boolean; ours: boolean } | null;
}

const ROLE_ORDER: Record<DealRole, number> = {
  'decision-maker': 0,
  champion: 1,
  influencer: 2,
  blocker: 3,
  user: 4,
  other: 5,
};

/**
 * An account's buying side as our interactions and deals show it: each of its people with their
 * role in buying, who on our team knows them best and when we last spoke; and whether the account
 * hangs on one person on their side or ours. Notes are never read (a private note counts for nothing).
 */
export function stakeholders(
  accountId: string,
  contacts: readonly Contact[],
  interactions: readonly Interaction[],
  deals: readonly Deal[],
  now: number,
): StakeholderMap {
  const people = new Map<string, Stakeholder & { byMember: Map<string, { count: number; last: number }> }>();
  for (const c of contacts) {
    if (c.deleted || c.accountId !== accountId) continue;
    people.set(c.id, {
      contactId: c.id,
      name: c.name,
      title: c.title,
      roles: [],
      knownBestBy: null,
      interactions: 0,
      lastSpokeAt: null,
      lastSpokeBy: null,
      byMember: new Map(),
    });
  }
  const since = now - THREAD_WINDOW_DAYS * DAY_MS;
  const theirs = new Set<string>();
  const ours = new Set<string>();
  let touched = false;
  for (const i of interactions) {
    if (i.deleted || i.at > now) continue;
    const named = i.subjectIds.filter((id) => people.has(id));
    if (!named.length && !i.subjectIds.includes(accountId)) continue;
    const recent = i.at >= since;
    if (recent) {
      touched = true;
      if (i.createdBy) ours.add(i.createdBy);
    }
    for (const id of named) {
      const p = people.get(id)!;
      if (recent) theirs.add(id);
      p.interactions++;
      if (p.lastSpokeAt === null || i.at > p.lastSpokeAt) {
        p.lastSpokeAt = i.at;
        p.lastSpokeBy = i.createdBy || null;
      }
      if (!i.createdBy) continue;
      const mine = p.byMember.get(i.createdBy) ?? { count: 0, last: 0 };
      mine.count++;
      mine.last = Math.max(mine.last, i.at);
      p.byMember.set(i.createdBy, mine);
    }
  }
  const ordered = [...deals]
    .filter((d) => !d.deleted)
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
  for (const d of ordered)
    for (const { contactId, role } of d.contacts) {
      const p = people.get(contactId);
      if (p && !p.roles.includes(role)) p.roles.push(role);
    }
  const list: Stakeholder[] = [...people.values()].map(({ byMember, ...p }) => {
    let best: [string, { count: number; last: number }] | undefined;
    for (const entry of byMember)
      if (!best || entry[1].count > best[1].count || (entry[1].count === best[1].count && entry[1].last > best[1].last))
        best = entry;
    return { ...p, knownBestBy: best?.[0] ?? null };
  });
  // The people who decide first, then the ones we talk to most recently.
  const rank = (s: Stakeholder) => Math.min(6, ...s.roles.map((r) => ROLE_ORDER[r]));
  list.sort(
    (a, b) => rank(a) - rank(b) || (b.lastSpokeAt ?? -1) - (a.lastSpokeAt ?? -1) || a.name.localeCompare(b.name),
  );
  return {
    people: list,
    theirs: theirs.size,
    ours: [...ours],
    singleThreaded: touched ? { theirs: theirs.size <= 1, ours: ours.size === 1 } : null,
  };
}
