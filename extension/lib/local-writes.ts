import { formatHlc, tickHlc } from '../../shared/hlc';
import { applyPending } from '../../shared/merge';
import type { Mutation } from '../../shared/protocol';
import { anyRecord, patchSchemaFor, type AnyRecord, type RecordType } from '../../shared/records';
import type { MarginDB } from './db';
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
