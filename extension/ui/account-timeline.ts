import type { Contact, Interaction, Note, Task } from '../../shared/records';
import type { MarginDB } from '../lib/db';

export type TimelineKind = 'interaction' | 'note' | 'task';

export interface TimelineItem {
  kind: TimelineKind;
  id: string;
  at: number;
  /** The account's people this item is about (empty: the account itself). */
  personIds: string[];
  record: Interaction | Note | Task;
}

export interface AccountHistory {
  people: Contact[];
  /** Everything, newest first. */
  items: TimelineItem[];
  openTasks: Task[];
  /** Each person's latest interaction or note, by contact id. */
  lastTouch: Map<string, number>;
}

/**
 * An account's whole history: every interaction, note and task about the account or its people,
 * newest first, with each person's last touch. Private notes are the author's own (the server
 * never sends anyone else's).
 */
export async function accountHistory(db: MarginDB, accountId: string): Promise<AccountHistory> {
  const people = (await db.contacts.where('accountId').equals(accountId).toArray())
    .filter((c) => !c.deleted)
    .sort((a, b) => a.name.localeCompare(b.name));
  const personIds = new Set(people.map((p) => p.id));
  const subjectIds = [accountId, ...personIds];
  const [notes, tasks, interactions] = await Promise.all([
    db.notes
      .where('subjectId')
      .anyOf(subjectIds)
      .filter((n) => !n.deleted)
      .toArray(),
    db.tasks
      .where('subjectId')
      .anyOf(subjectIds)
      .filter((t) => !t.deleted)
      .toArray(),
    db.interactions
      .where('subjectIds')
      .anyOf(subjectIds)
      .filter((i) => !i.deleted)
      .toArray(),
  ]);
  const about = (ids: readonly string[]) => ids.filter((id) => personIds.has(id));
  const items: TimelineItem[] = [
    ...[...new Map(interactions.map((i) => [i.id, i])).values()].map(
      (i): TimelineItem => ({ kind: 'interaction', id: i.id, at: i.at, personIds: about(i.subjectIds), record: i }),
    ),
    ...notes.map(
      (n): TimelineItem => ({ kind: 'note', id: n.id, at: n.createdAt, personIds: about([n.subjectId]), record: n }),
    ),
    ...tasks.map(
      (t): TimelineItem => ({
        kind: 'task',
        id: t.id,
        at: t.doneAt ?? t.dueAt ?? t.createdAt,
        personIds: about([t.subjectId]),
        record: t,
      }),
    ),
  ].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  const lastTouch = new Map<string, number>();
  for (const item of items) {
    if (item.kind === 'task') continue;
    for (const id of item.personIds) if (!lastTouch.has(id) || lastTouch.get(id)! < item.at) lastTouch.set(id, item.at);
  }
  const openTasks = tasks.filter((t) => !t.done).sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
  return { people, items, openTasks, lastTouch };
}

/** The items shown for the rep's filter: one kind or all, one person or all. */
export function filterTimeline(
  items: readonly TimelineItem[],
  filter: { kind: TimelineKind | 'all'; personId: string | 'all' },
): TimelineItem[] {
  return items.filter(
    (i) =>
      (filter.kind === 'all' || i.kind === filter.kind) &&
      (filter.personId === 'all' || i.personIds.includes(filter.personId)),
  );
}

/** A day's slack either side of a deal's life: the email that started it, the call that closed it. */
const DEAL_SLACK_MS = 86_400_000;

/**
 * What concerns a deal, from its account's history: items about the account itself or the deal's
 * people, from the day before it was opened to the day after it closed, newest first.
 */
export function dealTimeline(
  history: AccountHistory,
  deal: { createdAt: number; closedAt: number | null; contacts: readonly { contactId: string }[] },
): TimelineItem[] {
  const people = new Set(deal.contacts.map((c) => c.contactId));
  const from = deal.createdAt - DEAL_SLACK_MS;
  const to = deal.closedAt === null ? Number.POSITIVE_INFINITY : deal.closedAt + DEAL_SLACK_MS;
  return history.items.filter(
    (item) =>
      item.at >= from && item.at <= to && (item.personIds.length === 0 || item.personIds.some((id) => people.has(id))),
  );
}
