import type { MarginDB, OutboxBatch, OutboxEntry, OutboxRow } from './db';

/**
 * The outbox: local writes waiting for the server, in mutation-id order (architecture §3). A row is one
 * mutation (a single write), or a batch of consecutive mutations written together (an import), so
 * 10,000 imported contacts queue as 20 rows, not 10,000: IndexedDB's cost is per row. Everything
 * that reads or trims the outbox goes through here, so both shapes are always handled.
 */

/** Mutations per batch row; at most the server's mutations per push, so one row always fits in one push. */
export const OUTBOX_BATCH_SIZE = 500;

const isBatch = (row: OutboxRow): row is OutboxBatch => 'batch' in row;
const entriesOf = (row: OutboxRow): OutboxEntry[] => (isBatch(row) ? row.batch : [row]);

/** Queues consecutive mutations (ids increasing) as batch rows. Call inside a transaction that includes the outbox. */
export async function queueBatch(db: MarginDB, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 1) {
    await db.outbox.add(entries[0]!);
    return;
  }
  const rows: OutboxBatch[] = [];
  for (let i = 0; i < entries.length; i += OUTBOX_BATCH_SIZE)
    rows.push(batchRow(entries.slice(i, i + OUTBOX_BATCH_SIZE)));
  await db.outbox.bulkAdd(rows);
}

function batchRow(batch: OutboxEntry[]): OutboxBatch {
  return {
    id: batch[0]!.id,
    batch,
    recordIds: [...new Set(batch.map((e) => e.recordId))],
    size: batch.length,
    queuedAt: batch[0]!.queuedAt,
  };
}

/** How many mutations wait (not rows): single rows count one, batch rows their size, read from the `size` index only. */
export async function queuedCount(db: MarginDB): Promise<number> {
  const [rows, sizes] = await Promise.all([db.outbox.count(), db.outbox.orderBy('size').keys()]);
  return rows - sizes.length + sizes.reduce<number>((sum, size) => sum + Number(size), 0);
}

/**
 * The oldest waiting mutations for one push: in order, at most `maxCount` of them and about
 * `maxBytes` of JSON (`bytesOf`), always at least one. A batch row is read whole and taken as far as it fits.
 */
export async function outboxHead(
  db: MarginDB,
  maxCount: number,
  maxBytes: number,
  bytesOf: (entry: OutboxEntry) => number,
): Promise<OutboxEntry[]> {
  const head: OutboxEntry[] = [];
  let bytes = 0;
  let lastId = -Infinity;
  // Rows are read a few at a time: single writes many at once, but after a batch row one at a
  // time (a batch row alone may fill the push; reading further ones would copy mutations for nothing).
  let chunk = 1;
  for (;;) {
    const rows = await db.outbox.where('id').above(lastId).limit(chunk).toArray();
    if (!rows.length) return head;
    chunk = isBatch(rows[rows.length - 1]!) ? 1 : Math.max(1, Math.min(100, maxCount - head.length - rows.length));
    for (const row of rows) {
      for (const entry of entriesOf(row)) {
        const size = bytesOf(entry);
        if (head.length && (head.length >= maxCount || bytes + size > maxBytes)) return head;
        head.push(entry);
        bytes += size;
      }
      lastId = row.id;
    }
  }
}

/** Every waiting mutation, in order (a rebuild re-applies them all). */
export async function allQueued(db: MarginDB): Promise<OutboxEntry[]> {
  return (await db.outbox.orderBy('id').toArray()).flatMap(entriesOf);
}

/** The waiting mutations that target these records, in order. */
export async function queuedFor(db: MarginDB, recordIds: readonly string[]): Promise<OutboxEntry[]> {
  if (!recordIds.length) return [];
  const wanted = new Set(recordIds);
  const [single, batches] = await Promise.all([
    db.outbox
      .where('recordId')
      .anyOf([...wanted])
      .toArray(),
    db.outbox
      .where('recordIds')
      .anyOf([...wanted])
      .distinct()
      .toArray(),
  ]);
  const entries = [...single.flatMap(entriesOf), ...batches.flatMap(entriesOf).filter((e) => wanted.has(e.recordId))];
  return entries.sort((a, b) => a.id - b.id);
}

/**
 * Removes every mutation up to `throughId`, which the server has acknowledged (ids only grow, so
 * they are the oldest). A batch row that reaches past it keeps the rest, under its first remaining
 * id. Call inside a transaction that includes the outbox.
 */
export async function removeQueuedThrough(db: MarginDB, throughId: number): Promise<void> {
  const rows = await db.outbox.where('id').belowOrEqual(throughId).toArray();
  if (!rows.length) return;
  await db.outbox.bulkDelete(rows.map((row) => row.id));
  const rest = rows.flatMap((row) => (isBatch(row) ? row.batch.filter((e) => e.id > throughId) : []));
  if (rest.length) await db.outbox.add(batchRow(rest));
}

/**
 * Every mutation id below this one's outcome is recorded here (refusals filed, entries gone): the
 * oldest queued id minus one, or, with nothing queued, the last id this client gave out.
 */
export async function settledThrough(db: MarginDB): Promise<number> {
  const head = await db.outbox.orderBy('id').first();
  if (head) return head.id - 1;
  return ((await db.getMeta('client'))?.nextMutationId ?? 1) - 1;
}

/**
 * Numbers the queue again from `firstId`, in the same order, when the server says its last applied
 * id is not just before ours (a mutation gap: this client never makes one, but its data may have been
 * restored from a copy). The rows keep their shapes; the client's counter continues after them.
 */
export async function renumberOutbox(db: MarginDB, firstId: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const rows = await db.outbox.orderBy('id').toArray();
    let next = firstId;
    const renumbered = rows.map((row): OutboxRow => {
      if (!isBatch(row)) return { ...row, id: next++ };
      return batchRow(row.batch.map((e) => ({ ...e, id: next++ })));
    });
    await db.outbox.clear();
    await db.outbox.bulkAdd(renumbered);
    const client = (await db.getMeta('client'))!;
    await db.setMeta('client', { ...client, nextMutationId: next });
  });
}
