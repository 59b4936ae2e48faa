import type { RecordType } from '../../shared/records';
import type { ChangeEntry, MarginDB } from './db';

/**
 * The change log (`db.changes`) as its readers see it: the page index, the search index and the
 * agenda keep an in-memory view of the cache, read everything once, then apply only what changed.
 */

/** The newest entry's seq: a reader that reads everything starts following from here. */
export async function latestSeq(db: MarginDB): Promise<number> {
  return (await db.changes.orderBy('seq').last())?.seq ?? 0;
}

export interface Changes {
  /** The entries after the reader's seq, oldest first. */
  entries: ChangeEntry[];
  /** The seq to follow from once these are applied. */
  seq: number;
  /** The distinct ids of one type that changed. */
  ids(type: RecordType): string[];
  /**
   * True when the reader must read everything again instead: the cache was reset (another team,
   * a rebuild), entries it has not seen were pruned, or more than `rereadAbove` records changed.
   */
  reread: boolean;
}

/** Sums up change entries after `afterSeq` (already read, e.g. by a live query); null when there are none. */
export async function summarizeChanges(
  db: MarginDB,
  entries: readonly ChangeEntry[],
  afterSeq: number,
  rereadAbove: number,
): Promise<Changes | null> {
  const fresh = entries.filter((e) => (e.seq ?? 0) > afterSeq).sort((a, b) => a.seq! - b.seq!);
  if (!fresh.length) return null;
  const prunedBelow = (await db.getMeta('changesPrunedBelow')) ?? 0;
  const byType = new Map<RecordType, string[]>();
  const ids = (type: RecordType) => {
    let list = byType.get(type);
    if (!list) {
      list = [...new Set(fresh.flatMap((e) => e.ids[type] ?? []))];
      byType.set(type, list);
    }
    return list;
  };
  const changed = fresh.reduce((n, e) => n + Object.values(e.ids).reduce((m, list) => m + (list?.length ?? 0), 0), 0);
  return {
    entries: fresh,
    seq: fresh[fresh.length - 1]!.seq!,
    ids,
    reread: fresh.some((e) => e.reset) || afterSeq + 1 < prunedBelow || changed > rereadAbove,
  };
}

/** Reads and sums up what changed after `afterSeq`; null when nothing did. */
export async function readChanges(db: MarginDB, afterSeq: number, rereadAbove: number): Promise<Changes | null> {
  return summarizeChanges(db, await db.changes.where('seq').above(afterSeq).toArray(), afterSeq, rereadAbove);
}
