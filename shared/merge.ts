import { SYSTEM_FIELDS, type AnyRecord } from './records';
import type { Mutation } from './protocol';
import type { Hlc } from './hlc';

/** A record as the server keeps it: its latest state plus, per field, the HLC of the write that set it. */
export interface StoredRecord {
  record: AnyRecord;
  fieldHlc: Record<string, Hlc>;
}

export type MergeOutcome =
  | { ok: true; stored: StoredRecord; changed: boolean }
  | { ok: false; code: string; message: string };

function mergeFields(current: StoredRecord, fields: Record<string, unknown>, hlc: Hlc): StoredRecord {
  const record: Record<string, unknown> = { ...current.record };
  const fieldHlc = { ...current.fieldHlc };
  for (const [key, value] of Object.entries(fields)) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(key)) continue;
    // Higher HLC wins per field; the client id inside the stamp breaks ties, so every replica agrees.
    if (hlc > (fieldHlc[key] ?? '')) {
      record[key] = value;
      fieldHlc[key] = hlc;
    }
  }
  return { record: record as AnyRecord, fieldHlc };
}

function sameStored(a: StoredRecord, b: StoredRecord): boolean {
  return JSON.stringify(a.record) === JSON.stringify(b.record);
}

/**
 * Applies one validated mutation to a record's stored state (the server's authority).
 * `memberId` is the authenticated author: a create is always stamped with it.
 */
export function mergeMutation(current: StoredRecord | null, m: Mutation, memberId: string): MergeOutcome {
  if (m.name === 'record.create') {
    const incoming = { ...m.record, createdBy: memberId } as AnyRecord;
    if (!current) {
      const fieldHlc = Object.fromEntries(Object.keys(incoming).map((k) => [k, m.hlc]));
      return { ok: true, stored: { record: incoming, fieldHlc }, changed: true };
    }
    if (current.record.type !== incoming.type) {
      return { ok: false, code: 'conflict', message: `id ${incoming.id} already belongs to a ${current.record.type}` };
    }
    const next = mergeFields(current, incoming, m.hlc);
    return { ok: true, stored: next, changed: !sameStored(current, next) };
  }
  if (!current) return { ok: false, code: 'not_found', message: `no ${m.type} with id ${m.recordId}` };
  if (current.record.type !== m.type) {
    return { ok: false, code: 'conflict', message: `id ${m.recordId} is a ${current.record.type}, not a ${m.type}` };
  }
  // A tombstone stays a tombstone: edits that race a delete are dropped.
  if (current.record.deleted) return { ok: true, stored: current, changed: false };
  const fields = m.name === 'record.delete' ? { deleted: true } : m.patch;
  const next = mergeFields(current, fields, m.hlc);
  return { ok: true, stored: next, changed: !sameStored(current, next) };
}

/** The client's optimistic view: a pending mutation re-applied over whatever the server last sent. */
export function applyPending(current: AnyRecord | undefined, m: Mutation, now: number): AnyRecord | undefined {
  if (m.name === 'record.create') return current ? ({ ...current, ...m.record } as AnyRecord) : m.record;
  if (!current || current.deleted) return current;
  if (m.name === 'record.delete') return { ...current, deleted: true, updatedAt: now } as AnyRecord;
  return { ...current, ...m.patch, updatedAt: Math.max(current.updatedAt, now) } as AnyRecord;
}

export function maxHlc(fieldHlc: Record<string, Hlc>): Hlc {
  let max = '';
  for (const h of Object.values(fieldHlc)) if (h > max) max = h;
  return max;
}
