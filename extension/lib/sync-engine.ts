import { receiveHlc } from '../../shared/hlc';
import { applyPending } from '../../shared/merge';
import { SYNC_LIMITS, toEnvelope, type Mutation, type MutationEnvelope, type PulledRow } from '../../shared/protocol';
import type { AnyRecord, RecordType } from '../../shared/records';
import type { MarginDB, OutboxEntry } from './db';
import type { SyncApi } from './api-client';
import { ensureClient } from './client-state';
import { allQueued, outboxHead, queuedFor, removeQueuedThrough } from './outbox';

/** Mutations per push: the server's limit. */
export const PUSH_BATCH = SYNC_LIMITS.mutationsPerPush;
/** Bytes of mutation JSON per push, under the server's 2 MiB request limit (worker/app.ts) with room to spare. */
export const PUSH_BYTES = 1_500_000;
export const PULL_PAGE = 2000;

export interface SyncResult {
  pushed: number;
  rejected: number;
  pulled: number;
}

/** An outbox entry is its mutation plus bookkeeping; `recordId` is the mutation's own target for updates and deletes. */
function asMutation(entry: OutboxEntry): Mutation {
  const { queuedAt: _queuedAt, ...mutation } = entry;
  return mutation as Mutation;
}

const utf8 = new TextEncoder();

/** Sends queued local writes in order; an entry leaves the outbox only once the server acknowledged its id. */
async function pushOutbox(db: MarginDB, api: SyncApi, clientId: string, now: () => number): Promise<Pick<SyncResult, 'pushed' | 'rejected'>> {
  let pushed = 0;
  let rejectedCount = 0;
  for (;;) {
    // As many as the server takes in one request, by count and by bytes (a few long notes fill a push).
    const envelopes = new Map<number, MutationEnvelope>();
    const batch = await outboxHead(db, PUSH_BATCH, PUSH_BYTES, (e) => {
      const envelope = toEnvelope(asMutation(e));
      envelopes.set(e.id, envelope);
      return utf8.encode(JSON.stringify(envelope)).length;
    });
    if (batch.length === 0) break;
    const response = await api.push({ clientId, mutations: batch.map((e) => envelopes.get(e.id)!) });
    const rejected = new Map(response.rejected.map((r) => [r.id, r]));
    const acknowledged = batch.filter((e) => e.id <= response.lastMutationId);
    await db.transaction('rw', [db.outbox, db.rejected, db.changes, ...db.recordTables], async () => {
      for (const entry of acknowledged) {
        const refusal = rejected.get(entry.id);
        if (!refusal) continue;
        await db.rejected.put({ id: entry.id, mutation: entry, code: refusal.code, message: refusal.message, rejectedAt: now() });
        // A refused create leaves nothing on the server: drop the optimistic copy unless later writes still target it.
        if (entry.name === 'record.create' && !(await queuedFor(db, [entry.recordId])).some((e) => e.id > entry.id)) {
          await db.tableFor(entry.record.type).delete(entry.recordId);
          await db.changes.add({ ids: { [entry.record.type]: [entry.recordId] } });
        }
        rejectedCount++;
      }
      if (acknowledged.length) await removeQueuedThrough(db, acknowledged[acknowledged.length - 1]!.id);
    });
    pushed += acknowledged.length;
    // The server applies every mutation it is sent; if it acknowledged fewer, stop rather than loop.
    if (acknowledged.length < batch.length) break;
  }
  return { pushed, rejected: rejectedCount };
}

/** Writes one pulled page and the new cursor in one transaction, re-applying pending local writes on top. */
async function applyPage(db: MarginDB, rows: PulledRow[], page: { cursor: number; reset: boolean; hasMore: boolean; lastMutationId: number }, now: number) {
  await db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes], async () => {
    // Mutations the server has applied (even if the push's response was lost) are done.
    await removeQueuedThrough(db, page.lastMutationId);
    let pending: OutboxEntry[];
    if (page.reset) {
      // The cursor is older than the server's tombstone floor: rebuild from scratch, keeping every pending local write.
      await Promise.all(db.recordTables.map((t) => t.clear()));
      pending = await allQueued(db);
      const pulled = new Set(rows.map((r) => r.id));
      for (const entry of pending) {
        if (pulled.has(entry.recordId)) continue;
        const table = db.tableFor(entry.name === 'record.create' ? entry.record.type : entry.type);
        const value = applyPending(await table.get(entry.recordId), asMutation(entry), now);
        if (value) await table.put(value);
      }
    } else {
      pending = await queuedFor(db, rows.map((r) => r.id));
    }
    const pendingById = new Map<string, OutboxEntry[]>();
    for (const entry of pending) {
      const list = pendingById.get(entry.recordId);
      if (list) list.push(entry);
      else pendingById.set(entry.recordId, [entry]);
    }
    let clock = (await db.getMeta('client'))!.clock;
    // One bulk write per table: a page is hundreds of rows, and single puts are several times slower.
    const puts = new Map<RecordType, AnyRecord[]>();
    const deletes = new Map<RecordType, string[]>();
    for (const row of rows) {
      let value: AnyRecord | undefined = row.record ?? undefined;
      for (const entry of pendingById.get(row.id) ?? []) value = applyPending(value, asMutation(entry), now);
      if (value) {
        const list = puts.get(row.type);
        if (list) list.push(value);
        else puts.set(row.type, [value]);
      } else {
        const list = deletes.get(row.type);
        if (list) list.push(row.id);
        else deletes.set(row.type, [row.id]);
      }
      clock = receiveHlc(clock, row.hlc, now);
    }
    for (const [type, values] of puts) await db.tableFor(type).bulkPut(values);
    for (const [type, ids] of deletes) await db.tableFor(type).bulkDelete(ids);
    const changed: Partial<Record<RecordType, string[]>> = {};
    for (const row of rows) (changed[row.type] ??= []).push(row.id);
    await db.changes.add(page.reset ? { ids: {}, reset: true } : { ids: changed });
    const client = (await db.getMeta('client'))!;
    await db.setMeta('client', { ...client, clock });
    await db.setMeta('cursor', page.cursor);
    const rebuilding = page.reset || ((await db.getMeta('rebuilding')) ?? false);
    await db.setMeta('rebuilding', rebuilding && page.hasMore);
  });
}

export type ProgressListener = (progress: { received: number; total: number }) => void;

async function pullChanges(db: MarginDB, api: SyncApi, clientId: string, now: () => number, onProgress?: ProgressListener): Promise<number> {
  const cursor = (await db.getMeta('cursor')) ?? 0;
  let rebuilding = (await db.getMeta('rebuilding')) ?? false;
  let received = 0;
  let total = 0;
  const fetchPage = (from: number, rebuild: boolean, count: boolean) => {
    const request = api.pull({ clientId, cursor: from, limit: PULL_PAGE, rebuild, count });
    request.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch from being "unhandled"
    return request;
  };
  let next = fetchPage(cursor, rebuilding, true);
  for (let first = true; ; first = false) {
    const page = await next;
    // Fetch the next page while this one is written: the network and the server overlap the IndexedDB work.
    rebuilding = page.reset || (rebuilding && page.hasMore);
    if (page.hasMore) next = fetchPage(page.cursor, rebuilding, false);
    await applyPage(db, page.rows, page, now());
    received += page.rows.length;
    if (first) total = page.rows.length + (page.remaining ?? 0);
    if (page.hasMore || received > PULL_PAGE) onProgress?.({ received, total: Math.max(total, received) });
    if (!page.hasMore) return received;
  }
}

/** One sync round: push the outbox, then pull everything after the cursor. */
export async function syncOnce(db: MarginDB, api: SyncApi, options: { now?: () => number; onProgress?: ProgressListener } = {}): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const { clientId } = await ensureClient(db);
  const pushResult = await pushOutbox(db, api, clientId, now);
  const pulled = await pullChanges(db, api, clientId, now, options.onProgress);
  return { ...pushResult, pulled };
}
