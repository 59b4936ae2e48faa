import { SYSTEM_FIELDS, type AnyRecord, type Note, type NoteConflict } from './records';
import type { Mutation } from './protocol';
import type { Hlc } from './hlc';
import { mergeNoteBody } from './note-merge';

/** A record as the server keeps it: its latest state plus, per field, the HLC of the write that set it. */
export interface StoredRecord {
  record: AnyRecord;
  fieldHlc: Record<string, Hlc>;
}

/** Every note text the server accepted or set aside: the history behind "never lost". */
export interface NoteRevision {
  noteId: string;
  /** The body revision number; null for texts set aside (a conflict, an edit that raced a delete). */
  rev: number | null;
  body: string;
  /** `merge-input` is the text an edit sent when it was merged cleanly: kept verbatim too. */
  kind: 'create' | 'edit' | 'merge' | 'merge-input' | 'conflict' | 'after-delete';
  by: string;
  byName: string;
  at: number;
}

export interface MergeContext {
  memberId: string;
  memberName: string;
  now: number;
  /** A note's body at a revision, when the server has it (the three-way merge base). */
  revisionBody(noteId: string, rev: number): string | undefined;
  newConflictId(): string;
}

export type MergeOutcome =
  | { ok: true; stored: StoredRecord; changed: boolean; revisions: NoteRevision[] }
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

function sameRecord(a: StoredRecord, b: StoredRecord): boolean {
  return JSON.stringify(a.record) === JSON.stringify(b.record);
}

/**
 * A note body is never last-writer-wins: an edit from the current revision is accepted; one from an
 * older revision is three-way merged from that base; a conflicting one keeps the current body and
 * sets the other text beside it as a conflict. Every text ends up in a revision.
 */
function mergeNoteEdit(note: Note, mine: string, baseRev: number, ctx: MergeContext): { note: Note; revisions: NoteRevision[]; accepted: boolean } {
  const by = { by: ctx.memberId, byName: ctx.memberName, at: ctx.now, noteId: note.id };
  if (mine === note.body) return { note, revisions: [], accepted: true };
  if (baseRev === note.rev) {
    const rev = note.rev + 1;
    return { note: { ...note, body: mine, rev }, revisions: [{ ...by, rev, body: mine, kind: 'edit' }], accepted: true };
  }
  const base = ctx.revisionBody(note.id, baseRev);
  const merged = base === undefined ? { clean: false as const } : mergeNoteBody(base, mine, note.body);
  if (merged.clean) {
    if (merged.body === note.body) return { note, revisions: [{ ...by, rev: null, body: mine, kind: 'merge-input' }], accepted: true };
    const rev = note.rev + 1;
    return {
      note: { ...note, body: merged.body, rev },
      revisions: [{ ...by, rev: null, body: mine, kind: 'merge-input' }, { ...by, rev, body: merged.body, kind: 'merge' }],
      accepted: true,
    };
  }
  const conflict: NoteConflict = { id: ctx.newConflictId(), by: ctx.memberId, byName: ctx.memberName, at: ctx.now, body: mine, baseRev };
  return { note: { ...note, conflicts: [...note.conflicts, conflict] }, revisions: [{ ...by, rev: null, body: mine, kind: 'conflict' }], accepted: false };
}

/** Applies one validated mutation to a record's stored state (the server's authority). */
export function mergeMutation(current: StoredRecord | null, m: Mutation, ctx: MergeContext): MergeOutcome {
  if (m.name === 'record.create') {
    const incoming = { ...m.record, createdBy: ctx.memberId } as AnyRecord;
    if (!current) {
      const fieldHlc = Object.fromEntries(Object.keys(incoming).map((k) => [k, m.hlc]));
      if (incoming.type !== 'note') return { ok: true, stored: { record: incoming, fieldHlc }, changed: true, revisions: [] };
      const note: Note = { ...incoming, rev: 1, conflicts: [] };
      const revision: NoteRevision = { noteId: note.id, rev: 1, body: note.body, kind: 'create', by: ctx.memberId, byName: ctx.memberName, at: ctx.now };
      return { ok: true, stored: { record: note, fieldHlc }, changed: true, revisions: [revision] };
    }
    if (current.record.type !== incoming.type) {
      return { ok: false, code: 'conflict', message: `id ${incoming.id} already belongs to a ${current.record.type}` };
    }
    // The same record created twice: treat the second as an edit from the first revision.
    const { id: _id, type: _type, createdAt: _c, createdBy: _b, ...fields } = incoming as Record<string, unknown>;
    return mergeMutation(current, { id: m.id, hlc: m.hlc, name: 'record.update', type: incoming.type, recordId: incoming.id, patch: fields, baseRev: 1 }, ctx);
  }
  if (!current) return { ok: false, code: 'not_found', message: `no ${m.type} with id ${m.recordId}` };
  if (current.record.type !== m.type) {
    return { ok: false, code: 'conflict', message: `id ${m.recordId} is a ${current.record.type}, not a ${m.type}` };
  }
  const revisions: NoteRevision[] = [];
  if (current.record.deleted) {
    // A tombstone stays a tombstone; a note text written against it is still kept in the history.
    if (m.name === 'record.update' && current.record.type === 'note' && typeof m.patch.body === 'string') {
      revisions.push({ noteId: m.recordId, rev: null, body: m.patch.body, kind: 'after-delete', by: ctx.memberId, byName: ctx.memberName, at: ctx.now });
    }
    return { ok: true, stored: current, changed: false, revisions };
  }
  if (m.name === 'record.delete') {
    const next = mergeFields(current, { deleted: true }, m.hlc);
    return { ok: true, stored: next, changed: !sameRecord(current, next), revisions };
  }
  const { body, ...otherFields } = m.patch;
  let next = mergeFields(current, current.record.type === 'note' ? otherFields : m.patch, m.hlc);
  if (next.record.type === 'note') {
    let note: Note = next.record;
    let bodyAccepted = true;
    if (typeof body === 'string') {
      const edit = mergeNoteEdit(note, body, m.baseRev ?? note.rev, ctx);
      bodyAccepted = edit.accepted;
      note = edit.note;
      revisions.push(...edit.revisions);
    }
    // A resolution clears the conflicts it names, unless its own text had to be set aside.
    if (m.resolves?.length && bodyAccepted) note = { ...note, conflicts: note.conflicts.filter((c) => !m.resolves!.includes(c.id)) };
    next = { record: note, fieldHlc: next.fieldHlc };
  }
  return { ok: true, stored: next, changed: !sameRecord(current, next), revisions };
}

/** The client's optimistic view: a pending mutation re-applied over whatever the server last sent. */
export function applyPending(current: AnyRecord | undefined, m: Mutation, now: number): AnyRecord | undefined {
  if (m.name === 'record.create') return current ? ({ ...current, ...m.record, ...(current.type === 'note' ? { rev: current.rev, conflicts: current.conflicts } : {}) } as AnyRecord) : m.record;
  if (!current || current.deleted) return current;
  if (m.name === 'record.delete') return { ...current, deleted: true, updatedAt: now } as AnyRecord;
  const next = { ...current, ...m.patch, updatedAt: Math.max(current.updatedAt, now) } as AnyRecord;
  if (next.type === 'note' && m.resolves?.length) return { ...next, conflicts: next.conflicts.filter((c) => !m.resolves!.includes(c.id)) };
  return next;
}

export function maxHlc(fieldHlc: Record<string, Hlc>): Hlc {
  let max = '';
  for (const h of Object.values(fieldHlc)) if (h > max) max = h;
  return max;
}
