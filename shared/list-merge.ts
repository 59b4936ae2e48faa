import type { Hlc } from './hlc';
import type { RecordType } from './records';

/**
 * Lists merge by item, not as one value (architecture §3, "Lists merge by item"). An edit of a list is sent
 * with the list as the device had it (`listBase`), so the server sees what was added, removed and
 * changed, and applies just that to the list as it is now:
 * - plain value lists (emails, phones, domains, tags, …): an item is its value; additions and removals
 *   from every device are kept;
 * - lists of items with an identity (reviews, score history, plan goals, checklists, scorecard
 *   indicators): an item is its identity; each of its fields merges on its own.
 * Every item's presence, removal and field carries a clock (in the record's field clocks, as
 * `field+key`, `field-key` and `field+key.sub`): of an add or edit and a removal of the same item, the
 * later clock wins, whichever arrives first, so every server and every replica agree.
 */
export interface ListKind {
  /** The item's identity within the list. */
  key(item: unknown): string;
  /** True when items have fields that merge on their own (identity lists). */
  items: boolean;
}

/** A canonical text of a value (object keys sorted), so equal values have one key. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const byValue: ListKind = { key: canonical, items: false };
const field = (name: string) => (item: unknown) =>
  String((item as Record<string, unknown> | null)?.[name] ?? canonical(item));
/** Reviews and score history are entries of a log: who, and when. */
const logEntry: ListKind = {
  key: (item) => {
    const i = item as { at?: unknown; by?: unknown };
    return `${String(i.at)}@${String(i.by)}`;
  },
  items: true,
};
const byId: ListKind = { key: field('id'), items: true };

export const LIST_FIELDS: Partial<Record<RecordType, Record<string, ListKind>>> = {
  account: { domains: byValue, tags: byValue, importantDates: byValue, scoreHistory: logEntry, reviews: logEntry },
  contact: { emails: byValue, phones: byValue, tags: byValue, importantDates: byValue },
  interaction: { subjectIds: byValue },
  task: { stepsDone: byValue },
  // Goals made before they had ids are known by their title.
  plan: {
    goals: {
      key: (item) => {
        const g = item as { id?: unknown; title?: unknown };
        return String(g.id ?? `title:${String(g.title)}`);
      },
      items: true,
    },
  },
  settings: { checklists: byId, scorecard: byId, internalDomains: byValue, pipelines: byId },
  deal: { contacts: { key: field('contactId'), items: true }, lines: byId, stageHistory: logEntry },
};

export function listKind(type: string, name: string): ListKind | undefined {
  return LIST_FIELDS[type as RecordType]?.[name];
}

/** The list fields of a patch, for the `listBase` an update carries. */
export function listFieldsOf(type: string, patch: Record<string, unknown>): string[] {
  const kinds = LIST_FIELDS[type as RecordType];
  return kinds ? Object.keys(patch).filter((k) => k in kinds && Array.isArray(patch[k])) : [];
}

interface Put {
  key: string;
  item: unknown;
  /** Fields of an identity item changed from the base (all of them for a new item). */
  changed: string[] | null;
}

/** What one device did to a list: from `base` (as it had it) to `next`. */
export function listEdit(
  kind: ListKind,
  base: readonly unknown[],
  next: readonly unknown[],
): { puts: Put[]; removes: string[] } {
  const before = new Map(base.map((item) => [kind.key(item), item]));
  const after = new Map(next.map((item) => [kind.key(item), item]));
  const puts: Put[] = [];
  for (const [key, item] of after) {
    const was = before.get(key);
    if (was === undefined) puts.push({ key, item, changed: null });
    else if (kind.items && canonical(was) !== canonical(item)) {
      const fields = new Set([...Object.keys(was as object), ...Object.keys(item as object)]);
      const changed = [...fields].filter(
        (f) => canonical((was as Record<string, unknown>)[f]) !== canonical((item as Record<string, unknown>)[f]),
      );
      puts.push({ key, item, changed });
    }
  }
  const removes = [...before.keys()].filter((key) => !after.has(key));
  return { puts, removes };
}

/**
 * Applies a device's list edit to the list as it is now. With clocks (the server): each item's
 * presence, removal and fields by their clocks; without (a device's optimistic view of its own
 * queued edit): simply applied.
 */
export function applyListEdit(
  kind: ListKind,
  name: string,
  current: readonly unknown[],
  edit: { puts: Put[]; removes: string[] },
  clocks?: { hlc: Hlc; fieldHlc: Record<string, Hlc> },
): unknown[] {
  const list = [...current];
  const index = new Map(list.map((item, i) => [kind.key(item), i]));
  const clockOf = (k: string) => clocks?.fieldHlc[k] ?? clocks?.fieldHlc[name] ?? '';
  const wins = (k: string) => !clocks || clocks.hlc > clockOf(k);
  const stamp = (k: string) => {
    if (clocks && clocks.hlc > (clocks.fieldHlc[k] ?? '')) clocks.fieldHlc[k] = clocks.hlc;
  };
  const removed = new Set<string>();
  for (const key of edit.removes) {
    // Removed unless the item was added or edited later than this removal; the removal is remembered
    // even when the item is not here (yet), so an older add arriving later does not bring it back.
    if (!wins(`${name}+${key}`)) continue;
    stamp(`${name}-${key}`);
    if (index.has(key)) removed.add(key);
  }
  for (const put of edit.puts) {
    const at = index.get(put.key);
    if (at === undefined || removed.has(put.key)) {
      // New here (or removed): added, unless it was removed later than this add.
      if (clocks && !(clocks.hlc > (clocks.fieldHlc[`${name}-${put.key}`] ?? ''))) continue;
      if (at === undefined) {
        index.set(put.key, list.length);
        list.push(put.item);
      } else {
        removed.delete(put.key);
        list[at] = put.item;
      }
      stamp(`${name}+${put.key}`);
      stamp(`${name}+${put.key}@`);
      continue;
    }
    if (!kind.items || !put.changed) continue;
    const item = { ...(list[at] as Record<string, unknown>) };
    // Each field of the item by its own clock (an item's fields not edited since it was added: its add's clock).
    const origin = clocks?.fieldHlc[`${name}+${put.key}@`] ?? clocks?.fieldHlc[name] ?? '';
    for (const sub of put.changed) {
      const k = `${name}+${put.key}.${sub}`;
      if (clocks && !(clocks.hlc > (clocks.fieldHlc[k] ?? origin))) continue;
      const value = (put.item as Record<string, unknown>)[sub];
      if (value === undefined) delete item[sub];
      else item[sub] = value;
      stamp(k);
    }
    // An edit keeps the item: a removal older than it does not take it away.
    stamp(`${name}+${put.key}`);
    list[at] = item;
  }
  return list.filter((item) => !removed.has(kind.key(item)));
}

/**
 * A whole list set at once (an update without `listBase`, from a version before lists merged by item):
 * the items it drops are removed and the ones it holds are present, as of its clock.
 */
export function stampWholeList(
  kind: ListKind,
  name: string,
  previous: readonly unknown[],
  next: readonly unknown[],
  hlc: Hlc,
  fieldHlc: Record<string, Hlc>,
): void {
  const kept = new Set(next.map((item) => kind.key(item)));
  for (const item of previous) if (!kept.has(kind.key(item))) fieldHlc[`${name}-${kind.key(item)}`] = hlc;
  for (const key of kept) fieldHlc[`${name}+${key}`] = hlc;
}
