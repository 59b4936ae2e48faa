import { formatHlc, tickHlc } from '../../shared/hlc';
import { applyPending } from '../../shared/merge';
import { listFieldsOf } from '../../shared/list-merge';
import type { Mutation } from '../../shared/protocol';
import { anyRecord, patchSchemaFor, type AnyRecord, type RecordType } from '../../shared/records';
import type { MarginDB, OutboxEntry } from '../lib/db';
import { ensureClient } from '../lib/client-state';
import { MessageError } from '../i18n/errors';
import { yieldToPage } from './yield-to-page';
import { queueBatch, queuedFor } from '../lib/outbox';

type MutationBody =
  | { name: 'record.create'; record: AnyRecord }
  | {
      name: 'record.update';
      type: RecordType;
      recordId: string;
      patch: Record<string, unknown>;
      baseRev?: number;
      resolves?: string[];
    }
  | { name: 'record.delete'; type: RecordType; recordId: string };

/** A single local write: a batch of one (below), so both take the same path. */
async function commit(db: MarginDB, body: MutationBody, now: number): Promise<AnyRecord | undefined> {
  return (await commitAll(db, [body], now))[0];
}

const BATCH_SLICE = 1_000;

/** One write of a batch: a new record, or fields of an existing one. */
export type BatchWrite =
  | { kind: 'create'; record: AnyRecord }
  | { kind: 'update'; type: RecordType; recordId: string; patch: Record<string, unknown> };

/**
 * Many writes (an import) in one transaction with their outbox entries: all of them land, or, on
 * any error, none does. Each is validated before anything is written (new records built by
 * `buildRecord` just before may be passed as `validated`; patches are always checked); the records are written
 * with one bulk put per table and one change-log entry, so 10,000 contacts take one commit.
 */
export async function writeBatch(
  db: MarginDB,
  writes: readonly BatchWrite[],
  now = Date.now(),
  options: { validated?: boolean } = {},
): Promise<void> {
  if (!writes.length) return;
  const bodies: MutationBody[] = [];
  for (const w of writes) {
    bodies.push(
      w.kind === 'create'
        ? { name: 'record.create', record: options.validated ? w.record : anyRecord.parse(w.record) }
        : {
            name: 'record.update',
            type: w.type,
            recordId: w.recordId,
            patch: { ...patchSchemaFor(w.type).parse(w.patch), updatedAt: now },
          },
    );
    // Validating 10,000 records takes a few hundred milliseconds: let the page draw in between.
    if (bodies.length % 1_000 === 0) await yieldToPage();
  }
  await commitAll(db, bodies, now);
}

/**
 * Local writes and their outbox entries commit in one Dexie transaction (architecture §3): a change is
 * either both visible and queued for the server, or neither; and a batch lands whole or not at all.
 * Records are written with one bulk write per table and one change-log entry, so 10,000 contacts
 * take one commit. Returns each record as it is after its write (undefined once deleted for good).
 */
async function commitAll(
  db: MarginDB,
  bodies: readonly MutationBody[],
  now: number,
): Promise<(AnyRecord | undefined)[]> {
  await ensureClient(db);
  const results = await commitInTransaction(db, bodies, now);
  for (const listener of writeListeners) listener();
  return results;
}

const writeListeners = new Set<() => void>();

/**
 * Calls back after every local write commits. The one place local writes announce themselves: the
 * extension's pages tell the background to sync soon (ui/page-setup.ts), nothing else sends that.
 */
export function onLocalWrite(listener: () => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

function commitInTransaction(
  db: MarginDB,
  bodies: readonly MutationBody[],
  now: number,
): Promise<(AnyRecord | undefined)[]> {
  return db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes], async () => {
    const client = (await db.getMeta('client'))!;
    let clock = client.clock;
    let nextId = client.nextMutationId;
    const byType = new Map<RecordType, Map<string, AnyRecord | undefined>>();
    // Current versions of every record written, one bulk read per table: updates apply to them, and a
    // create of an id this device already has (a stable id met again) merges into it.
    for (const body of bodies) {
      const type = body.name === 'record.create' ? body.record.type : body.type;
      if (!byType.has(type)) byType.set(type, new Map());
      byType.get(type)!.set(body.name === 'record.create' ? body.record.id : body.recordId, undefined);
    }
    for (const [type, records] of byType) {
      const ids = [...records.keys()];
      const found = await db.tableFor(type).bulkGet(ids);
      ids.forEach((id, i) => {
        records.set(id, found[i]);
      });
    }
    const existed = new Set(
      [...byType].flatMap(([type, records]) => [...records].filter(([, r]) => r).map(([id]) => `${type}:${id}`)),
    );
    const noteBases = await pendingNoteBases(db, bodies);
    const outbox: OutboxEntry[] = [];
    const changed: Partial<Record<RecordType, string[]>> = {};
    const results: (AnyRecord | undefined)[] = [];
    for (const body of bodies) {
      clock = tickHlc(clock, now);
      const mutation = { ...body, id: nextId++, hlc: formatHlc(clock, client.clientId) } as Mutation;
      const type = body.name === 'record.create' ? body.record.type : body.type;
      const recordId = body.name === 'record.create' ? body.record.id : body.recordId;
      const records = byType.get(type)!;
      const current = records.get(recordId);
      // A note body edit names the server revision it started from, so the server can merge, not overwrite;
      // while an earlier text of this note is still queued, the same revision as that one (see pendingNoteBases).
      if (mutation.name === 'record.update' && current?.type === 'note' && 'body' in mutation.patch)
        mutation.baseRev ??= noteBases.get(recordId) ?? current.rev;
      if (mutation.name === 'record.create' && mutation.record.type === 'note' && !current) noteBases.set(recordId, 0);
      // A list edit carries the list as it was here, so the server applies what it added and removed (shared/list-merge.ts).
      if (mutation.name === 'record.update' && current) {
        const lists = listFieldsOf(type, mutation.patch);
        if (lists.length)
          mutation.listBase = Object.fromEntries(
            lists.map((k) => [k, ((current as Record<string, unknown>)[k] as unknown[] | undefined) ?? []]),
          );
      }
      if (mutation.name === 'record.update' && mutation.baseRev !== undefined)
        noteBases.set(recordId, mutation.baseRev);
      const next = applyPending(current, mutation, now);
      if (body.name !== 'record.create' && !next) throw new MessageError('error.noRecord', { type, id: recordId });
      records.set(recordId, next);
      results.push(next);
      outbox.push({ ...mutation, recordId, queuedAt: now });
      changed[type] ??= [];
      changed[type].push(recordId);
    }
    // In slices: each is one short task on the page's thread (the transaction stays open between them).
    // Records this device did not have are added, the others put; any failure undoes the whole batch.
    for (const [type, records] of byType) {
      const table = db.tableFor(type);
      const added = [...records.entries()].filter(([id, r]) => r && !existed.has(`${type}:${id}`)).map(([, r]) => r!);
      const changedRows = [...records.entries()]
        .filter(([id, r]) => r && existed.has(`${type}:${id}`))
        .map(([, r]) => r!);
      for (let i = 0; i < added.length; i += BATCH_SLICE) await table.bulkAdd(added.slice(i, i + BATCH_SLICE));
      for (let i = 0; i < changedRows.length; i += BATCH_SLICE)
        await table.bulkPut(changedRows.slice(i, i + BATCH_SLICE));
    }
    await queueBatch(db, outbox); // a row per few hundred writes (lib/outbox.ts)
    await db.changes.add({
      ids: Object.fromEntries(Object.entries(changed).map(([type, ids]) => [type, [...new Set(ids)]])),
    });
    await db.setMeta('client', { ...client, nextMutationId: nextId, clock });
    return results;
  });
}

/**
 * For notes whose text this batch edits: the base revision of their latest text still queued (0 for a
 * create not yet synced). An edit made before the server answered the previous one builds on that
 * text, not on the revision this device last pulled (a pull re-applies the queued text over it); it
 * names the same base, and the server then merges it from this device's previous text (shared/merge.ts).
 */
async function pendingNoteBases(db: MarginDB, bodies: readonly MutationBody[]): Promise<Map<string, number>> {
  const ids = bodies.flatMap((b) =>
    b.name === 'record.update' && b.type === 'note' && 'body' in b.patch ? [b.recordId] : [],
  );
  const bases = new Map<string, number>();
  for (const entry of await queuedFor(db, ids)) {
    if (entry.name === 'record.create' && entry.record.type === 'note') bases.set(entry.recordId, 0);
    else if (entry.name === 'record.update' && entry.baseRev !== undefined) bases.set(entry.recordId, entry.baseRev);
  }
  return bases;
}

export async function createRecord<T extends AnyRecord>(db: MarginDB, record: T, now = Date.now()): Promise<T> {
  const valid = anyRecord.parse(record) as T;
  await commit(db, { name: 'record.create', record: valid }, now);
  return valid;
}

export async function updateRecord(
  db: MarginDB,
  type: RecordType,
  recordId: string,
  patch: Record<string, unknown>,
  now = Date.now(),
  options: { resolves?: string[] } = {},
) {
  const valid = patchSchemaFor(type).parse(patch);
  return commit(
    db,
    {
      name: 'record.update',
      type,
      recordId,
      patch: { ...valid, updatedAt: now },
      ...(options.resolves ? { resolves: options.resolves } : {}),
    },
    now,
  );
}

export async function deleteRecord(db: MarginDB, type: RecordType, recordId: string, now = Date.now()) {
  return commit(db, { name: 'record.delete', type, recordId }, now);
}
