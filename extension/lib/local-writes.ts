import { formatHlc, tickHlc } from '../../shared/hlc';
import { applyPending } from '../../shared/merge';
import type { Mutation } from '../../shared/protocol';
import { anyRecord, patchSchemaFor, type AnyRecord, type RecordType } from '../../shared/records';
import type { MarginDB, OutboxEntry } from './db';
import { ensureClient } from './client-state';

type MutationBody =
  | { name: 'record.create'; record: AnyRecord }
  | { name: 'record.update'; type: RecordType; recordId: string; patch: Record<string, unknown>; baseRev?: number; resolves?: string[] }
  | { name: 'record.delete'; type: RecordType; recordId: string };

/**
 * A local write and its outbox entry commit in one Dexie transaction (DESIGN §3),
 * so a change is either both visible and queued for the server, or neither.
 */
async function commit(db: MarginDB, body: MutationBody, now: number): Promise<AnyRecord | undefined> {
  await ensureClient(db);
  return db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes], async () => {
    const client = (await db.getMeta('client'))!;
    const clock = tickHlc(client.clock, now);
    const mutation = { ...body, id: client.nextMutationId, hlc: formatHlc(clock, client.clientId) } as Mutation;
    const type = body.name === 'record.create' ? body.record.type : body.type;
    const recordId = body.name === 'record.create' ? body.record.id : body.recordId;
    const table = db.tableFor(type);
    const current = await table.get(recordId);
    // A note body edit names the server revision it started from, so the server can merge, not overwrite.
    if (mutation.name === 'record.update' && current?.type === 'note' && 'body' in mutation.patch) mutation.baseRev ??= current.rev;
    const next = applyPending(current, mutation, now);
    if (body.name !== 'record.create' && !next) throw new Error(`no ${type} with id ${recordId} on this device`);
    if (next) await table.put(next);
    await db.outbox.add({ ...mutation, recordId, queuedAt: now });
    await db.changes.add({ ids: { [type]: [recordId] } });
    await db.setMeta('client', { ...client, nextMutationId: client.nextMutationId + 1, clock });
    return next;
  });
}

/** One write of a batch: a new record, or fields of an existing one. */
export type BatchWrite =
  | { kind: 'create'; record: AnyRecord }
  | { kind: 'update'; type: RecordType; recordId: string; patch: Record<string, unknown> };

/**
 * Many writes (an import) in one transaction with their outbox entries: all of them land, or, on
 * any error, none does. Each is validated before anything is written; the records are written
 * with one bulk put per table and one change-log entry, so 10,000 contacts take one commit.
 */
export async function writeBatch(db: MarginDB, writes: readonly BatchWrite[], now = Date.now()): Promise<void> {
  if (!writes.length) return;
  const bodies: MutationBody[] = writes.map((w) =>
    w.kind === 'create'
      ? { name: 'record.create', record: anyRecord.parse(w.record) }
      : { name: 'record.update', type: w.type, recordId: w.recordId, patch: { ...patchSchemaFor(w.type).parse(w.patch), updatedAt: now } },
  );
  await ensureClient(db);
  await db.transaction('rw', [...db.recordTables, db.outbox, db.meta, db.changes], async () => {
    const client = (await db.getMeta('client'))!;
    let clock = client.clock;
    let nextId = client.nextMutationId;
    const byType = new Map<RecordType, Map<string, AnyRecord | undefined>>();
    // Current versions of the records being updated, one bulk read per table.
    for (const body of bodies) {
      const type = body.name === 'record.create' ? body.record.type : body.type;
      if (!byType.has(type)) byType.set(type, new Map());
      if (body.name !== 'record.create') byType.get(type)!.set(body.recordId, undefined);
    }
    for (const [type, records] of byType) {
      const ids = [...records.keys()];
      const found = await db.tableFor(type).bulkGet(ids);
      ids.forEach((id, i) => records.set(id, found[i]));
    }
    const outbox: OutboxEntry[] = [];
    const changed: Partial<Record<RecordType, string[]>> = {};
    for (const body of bodies) {
      clock = tickHlc(clock, now);
      const mutation = { ...body, id: nextId++, hlc: formatHlc(clock, client.clientId) } as Mutation;
      const type = body.name === 'record.create' ? body.record.type : body.type;
      const recordId = body.name === 'record.create' ? body.record.id : body.recordId;
      const records = byType.get(type)!;
      const next = applyPending(records.get(recordId), mutation, now);
      if (body.name !== 'record.create' && !next) throw new Error(`no ${type} with id ${recordId} on this device`);
      records.set(recordId, next);
      outbox.push({ ...mutation, recordId, queuedAt: now });
      (changed[type] ??= []).push(recordId);
    }
    for (const [type, records] of byType) await db.tableFor(type).bulkPut([...records.values()].filter((r): r is AnyRecord => !!r));
    await db.outbox.bulkAdd(outbox);
    await db.changes.add({ ids: Object.fromEntries(Object.entries(changed).map(([type, ids]) => [type, [...new Set(ids)]])) });
    await db.setMeta('client', { ...client, nextMutationId: nextId, clock });
  });
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
  return commit(db, { name: 'record.update', type, recordId, patch: { ...valid, updatedAt: now }, ...(options.resolves ? { resolves: options.resolves } : {}) }, now);
}

export async function deleteRecord(db: MarginDB, type: RecordType, recordId: string, now = Date.now()) {
  return commit(db, { name: 'record.delete', type, recordId }, now);
}
