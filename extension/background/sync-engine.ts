import { receiveHlc } from '../../shared/hlc';
import { applyPending } from '../../shared/merge';
import {
  MUTATION_GAP,
  SYNC_LIMITS,
  pulledRow,
  toEnvelope,
  type Mutation,
  type MutationEnvelope,
  type PulledRow,
  type PushResponse,
  type Rejection,
  type WirePulledRow,
} from '../../shared/protocol';
import { describeZodError } from '../../shared/errors';
import { RECORD_TYPES, type AnyRecord, type RecordType } from '../../shared/records';
import type { HeldRow, MarginDB, OutboxEntry } from '../lib/db';
import { ServerError, type SyncApi } from './api-client';
import { MIN_SERVER_PROTOCOL, PROTOCOL_VERSION, compatibility, type VersionInfo } from '../../shared/version';
import { ensureClient } from '../lib/client-state';
import { allQueued, outboxHead, queuedFor, removeQueuedThrough, renumberOutbox, settledThrough } from '../lib/outbox';

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

/**
 * Files the server's refusals of acknowledged entries under "changes not synced" (a refused create
 * also loses its optimistic copy, unless later writes still target it). Call inside a transaction
 * over the outbox, rejected, changes and record tables, before the entries leave the outbox.
 */
async function fileRefusals(
  db: MarginDB,
  acknowledged: readonly OutboxEntry[],
  refusals: readonly Rejection[],
  now: number,
): Promise<number> {
  if (!refusals.length) return 0;
  const byId = new Map(refusals.map((r) => [r.id, r]));
  let filed = 0;
  for (const entry of acknowledged) {
    const refusal = byId.get(entry.id);
    if (!refusal) continue;
    await db.rejected.put({
      id: entry.id,
      mutation: entry,
      code: refusal.code,
      message: refusal.message,
      rejectedAt: now,
    });
    if (entry.name === 'record.create' && !(await queuedFor(db, [entry.recordId])).some((e) => e.id > entry.id)) {
      await db.tableFor(entry.record.type).delete(entry.recordId);
      await db.changes.add({ ids: { [entry.record.type]: [entry.recordId] } });
    }
    filed++;
  }
  return filed;
}

/** The record type a queued mutation writes. */
const typeOf = (entry: OutboxEntry): string => (entry.name === 'record.create' ? entry.record.type : entry.type);

/**
 * Sends queued local writes in order; an entry leaves the outbox only once the server acknowledged its
 * id. Stops before the first write of a record type the server does not know (`server.recordTypes`):
 * that one and everything after it stay queued, in order, until the server is updated (`heldType`).
 */
async function pushOutbox(
  db: MarginDB,
  api: SyncApi,
  clientId: string,
  now: () => number,
  server?: VersionInfo,
): Promise<Pick<SyncResult, 'pushed' | 'rejected'> & { heldType: string | null }> {
  let heldType: string | null = null;
  let pushed = 0;
  let rejectedCount = 0;
  let renumbered = false;
  for (;;) {
    // As many as the server takes in one request, by count and by bytes (a few long notes fill a push).
    const envelopes = new Map<number, MutationEnvelope>();
    const batch = await outboxHead(db, PUSH_BATCH, PUSH_BYTES, (e) => {
      const envelope = toEnvelope(asMutation(e));
      envelopes.set(e.id, envelope);
      return utf8.encode(JSON.stringify(envelope)).length;
    });
    const unknown = server ? batch.findIndex((e) => !server.recordTypes.includes(typeOf(e))) : -1;
    if (unknown >= 0) {
      heldType = typeOf(batch[unknown]!);
      batch.splice(unknown);
    }
    if (batch.length === 0) break;
    let response: PushResponse;
    try {
      // Everything before the batch is settled here: the server may forget those refusals.
      response = await api.push({
        clientId,
        settledThrough: batch[0]!.id - 1,
        mutations: batch.map((e) => envelopes.get(e.id)!),
      });
    } catch (error) {
      // The server's last applied id is not just before ours (this client never skips one, but its
      // data may have been restored): resend the queue numbered from the id it expects, once a round.
      const expected =
        error instanceof ServerError && error.code === MUTATION_GAP ? Number(error.details.expectedMutationId) : NaN;
      if (renumbered || !Number.isInteger(expected) || expected < 1) throw error;
      await renumberOutbox(db, expected);
      renumbered = true;
      continue;
    }
    const acknowledged = batch.filter((e) => e.id <= response.lastMutationId);
    await db.transaction('rw', [db.outbox, db.rejected, db.changes, ...db.recordTables], async () => {
      rejectedCount += await fileRefusals(db, acknowledged, response.rejected, now());
      if (acknowledged.length) await removeQueuedThrough(db, acknowledged[acknowledged.length - 1]!.id);
    });
    pushed += acknowledged.length;
    // The server applies every mutation it is sent; if it acknowledged fewer, stop rather than loop.
    if (acknowledged.length < batch.length || heldType) break;
  }
  return { pushed, rejected: rejectedCount, heldType };
}

/** A server this extension cannot sync with, said plainly (extension/i18n: error.serverTooOld, error.clientTooOld). */
export function versionError(
  code: 'server_too_old' | 'client_too_old',
  server: VersionInfo,
  needs: string,
): ServerError {
  return code === 'server_too_old'
    ? new ServerError(
        0,
        code,
        `the team's server (Margin ${server.server}, protocol ${server.protocol.max}) needs an update: this extension needs ${needs}`,
        { key: 'error.serverTooOld', vars: { server: server.server, needs } },
      )
    : new ServerError(
        0,
        code,
        `this extension (protocol ${PROTOCOL_VERSION}) is too old for the team's server (Margin ${server.server}, protocol ${server.protocol.min} or newer)`,
        { key: 'error.clientTooOld', vars: { server: server.server } },
      );
}

/** Splits a page into rows this version reads and rows it keeps aside (an unknown type or shape). */
function readableRows(
  rows: readonly WirePulledRow[],
  readableTypes: readonly string[] = RECORD_TYPES,
): { readable: PulledRow[]; held: HeldRow[] } {
  const readable: PulledRow[] = [];
  const held: HeldRow[] = [];
  for (const row of rows) {
    if (!readableTypes.includes(row.type)) {
      held.push({
        id: row.id,
        type: row.type,
        seq: row.seq,
        row,
        reason: `a record type this version does not read (${row.type})`,
      });
      continue;
    }
    const parsed = pulledRow.safeParse(row);
    if (parsed.success) readable.push(parsed.data);
    else held.push({ id: row.id, type: row.type, seq: row.seq, row, reason: describeZodError(parsed.error) });
  }
  return { readable, held };
}

type PageInfo = { cursor: number; reset: boolean; hasMore: boolean; lastMutationId: number; rejected: Rejection[] };

/** Writes one pulled page and the new cursor in one transaction, re-applying pending local writes on top. */
async function applyPage(
  db: MarginDB,
  wireRows: WirePulledRow[],
  page: PageInfo,
  now: number,
  readableTypes?: readonly string[],
) {
  const { readable: rows, held } = readableRows(wireRows, readableTypes);
  await db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes, db.rejected, db.held], async () => {
    // Mutations the server has applied (even if the push's response was lost) are done; the ones it
    // refused are filed first, so a refusal whose reply was lost still reaches "changes not synced".
    if (page.rejected.length) {
      const settled = (await allQueued(db)).filter((e) => e.id <= page.lastMutationId);
      await fileRefusals(db, settled, page.rejected, now);
    }
    await removeQueuedThrough(db, page.lastMutationId);
    if (page.reset) await db.held.clear();
    // The latest row of an id is what counts: a readable one replaces what was kept aside, and the other way round.
    if (rows.length && (await db.held.count())) await db.held.bulkDelete(rows.map((r) => r.id));
    if (held.length) await db.held.bulkPut(held);
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
      pending = await queuedFor(
        db,
        rows.map((r) => r.id),
      );
    }
    await writeRows(db, rows, pending, now);
    await db.changes.add(page.reset ? { ids: {}, reset: true } : { ids: changedIds(rows) });
    await db.setMeta('cursor', page.cursor);
    const rebuilding = page.reset || ((await db.getMeta('rebuilding')) ?? false);
    await db.setMeta('rebuilding', rebuilding && page.hasMore);
  });
}

function changedIds(rows: readonly PulledRow[]): Partial<Record<RecordType, string[]>> {
  const changed: Partial<Record<RecordType, string[]>> = {};
  for (const row of rows) {
    changed[row.type] ??= [];
    changed[row.type]?.push(row.id);
  }
  return changed;
}

/** Puts pulled rows with the pending local writes of their records re-applied, and moves the clock past them. */
async function writeRows(db: MarginDB, rows: readonly PulledRow[], pending: readonly OutboxEntry[], now: number) {
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
  const client = (await db.getMeta('client'))!;
  await db.setMeta('client', { ...client, clock });
}

/**
 * Applies rows kept aside that this version can now read (it was updated, or the row was repaired on
 * the server and re-sent), without a full re-sync: each is the latest the server sent for its id.
 */
async function applyHeld(db: MarginDB, now: number, readableTypes?: readonly string[]): Promise<number> {
  if ((await db.held.count()) === 0) return 0;
  const { readable } = readableRows(
    (await db.held.toArray()).map((h) => h.row),
    readableTypes,
  );
  if (!readable.length) return 0;
  await db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes, db.held], async () => {
    await writeRows(
      db,
      readable,
      await queuedFor(
        db,
        readable.map((r) => r.id),
      ),
      now,
    );
    await db.held.bulkDelete(readable.map((r) => r.id));
    await db.changes.add({ ids: changedIds(readable) });
  });
  return readable.length;
}

export type ProgressListener = (progress: { received: number; total: number }) => void;

async function pullChanges(
  db: MarginDB,
  api: SyncApi,
  clientId: string,
  now: () => number,
  onProgress?: ProgressListener,
  readableTypes?: readonly string[],
): Promise<number> {
  const cursor = (await db.getMeta('cursor')) ?? 0;
  let rebuilding = (await db.getMeta('rebuilding')) ?? false;
  let received = 0;
  let total = 0;
  const settled = await settledThrough(db);
  const fetchPage = (from: number, rebuild: boolean, count: boolean) => {
    const request = api.pull({ clientId, settledThrough: settled, cursor: from, limit: PULL_PAGE, rebuild, count });
    request.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch from being "unhandled"
    return request;
  };
  let next = fetchPage(cursor, rebuilding, true);
  for (let first = true; ; first = false) {
    const page = await next;
    // Fetch the next page while this one is written: the network and the server overlap the IndexedDB work.
    rebuilding = page.reset || (rebuilding && page.hasMore);
    if (page.hasMore) next = fetchPage(page.cursor, rebuilding, false);
    await applyPage(db, page.rows, page, now(), readableTypes);
    received += page.rows.length;
    if (first) total = page.rows.length + (page.remaining ?? 0);
    if (page.hasMore || received > PULL_PAGE) onProgress?.({ received, total: Math.max(total, received) });
    if (!page.hasMore) return received;
  }
}

/** One sync round: push the outbox, then pull everything after the cursor. */
export async function syncOnce(
  db: MarginDB,
  api: SyncApi,
  options: {
    now?: () => number;
    onProgress?: ProgressListener;
    /** The record types this build reads (all it knows); tests narrow it to play an older version. */
    readableTypes?: readonly string[];
  } = {},
): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const { clientId } = await ensureClient(db);
  // What the server speaks, each round: a server too old (or too new) for this extension is said so
  // plainly, and every queued write stays queued until it can be sent (never "not synced" for a version).
  const server = api.version ? await api.version() : undefined;
  if (server) {
    const fit = compatibility(server);
    if (!fit.ok) throw versionError(fit.code, server, `sync protocol ${MIN_SERVER_PROTOCOL}`);
  }
  await applyHeld(db, now(), options.readableTypes);
  const { heldType, ...pushResult } = await pushOutbox(db, api, clientId, now, server);
  const pulled = await pullChanges(db, api, clientId, now, options.onProgress, options.readableTypes);
  if (heldType && server) throw versionError('server_too_old', server, `records of type “${heldType}”`);
  return { ...pushResult, pulled };
}
