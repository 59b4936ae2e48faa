import { LIMITS, SYSTEM_FIELDS, type AnyRecord, type Note, type NoteConflict } from './records';
import type { Mutation } from './protocol';
import { clampHlc, type Hlc } from './hlc';
import { mergeNoteBody } from './note-merge';
import { applyListEdit, listEdit, listFieldsOf, listKind, stampWholeList } from './list-merge';

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
  /** The device whose text this is (null for a merge's result): with `baseRev`, how its next edit is based. */
  clientId: string | null;
  /** The revision the text was written from (0: before the note first synced). */
  baseRev: number | null;
}

/** The latest text a device sent for a note from one base revision, and whether it was set aside as a conflict. */
export interface SentText {
  body: string;
  setAside: boolean;
}

/** What a revision tells about the device's latest text for its base (null: a merge's result, or a text sent to a deleted note). */
export function sentText(revision: NoteRevision): SentText | null {
  if (
    revision.clientId === null ||
    revision.baseRev === null ||
    revision.kind === 'merge' ||
    revision.kind === 'after-delete'
  )
    return null;
  return { body: revision.body, setAside: revision.kind === 'conflict' };
}

export interface MergeContext {
  memberId: string;
  memberName: string;
  /** The device pushing: its successive edits of a note build on one another. */
  clientId: string;
  now: number;
  /** A note's body at a revision, when the server has it (the three-way merge base). */
  revisionBody(noteId: string, rev: number): string | undefined;
  /** The latest text this device sent for the note from `baseRev` (its create for base 0). */
  lastSent(noteId: string, baseRev: number): SentText | undefined;
  newConflictId(): string;
}

export type MergeOutcome =
  | { ok: true; stored: StoredRecord; changed: boolean; revisions: NoteRevision[] }
  | { ok: false; code: string; message: string };

/**
 * Field clocks as the server compares them: none beyond `now` plus the accepted skew. Stamps stored
 * before stamps were bounded (a forged `9999999999999:…`) come back within the bound when the record
 * is next written, so nothing wins forever.
 */
function boundedClocks(fieldHlc: Record<string, Hlc>, now: number): Record<string, Hlc> {
  const out: Record<string, Hlc> = {};
  for (const [key, stamp] of Object.entries(fieldHlc)) out[key] = clampHlc(stamp, now);
  return out;
}

function mergeFields(current: StoredRecord, fields: Record<string, unknown>, hlc: Hlc, now: number): StoredRecord {
  const record: Record<string, unknown> = { ...current.record };
  const fieldHlc = boundedClocks(current.fieldHlc, now);
  for (const [key, value] of Object.entries(fields)) {
    // `deleted` changes only by a delete (which always wins), never by a field edit.
    if ((SYSTEM_FIELDS as readonly string[]).includes(key) || key === 'deleted') continue;
    // Higher HLC wins per field; the client id inside the stamp breaks ties, so every replica agrees.
    if (hlc > (fieldHlc[key] ?? '')) {
      // A whole list set at once (a version without listBase): its items' clocks follow.
      const kind = listKind(current.record.type, key);
      if (kind && Array.isArray(value))
        stampWholeList(kind, key, Array.isArray(record[key]) ? (record[key] as unknown[]) : [], value, hlc, fieldHlc);
      record[key] = value;
      fieldHlc[key] = hlc;
    }
  }
  return { record: record as AnyRecord, fieldHlc };
}

/**
 * Whether a merge changed the record. Field by field: an unchanged field keeps its value (the same
 * reference, or an equal string), so only fields set anew are serialised to compare; a long note's
 * body is never stringified for this (a push of 500 edits to one 100 KB note did that 1,000 times).
 */
function sameRecord(a: StoredRecord, b: StoredRecord): boolean {
  const x = a.record as Record<string, unknown>;
  const y = b.record as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) {
    const [u, v] = [x[key], y[key]];
    if (u === v) continue;
    if (typeof u !== 'object' || typeof v !== 'object' || u === null || v === null) return false;
    if (JSON.stringify(u) !== JSON.stringify(v)) return false;
  }
  return true;
}

/**
 * A note body is never last-writer-wins: an edit from the current revision is accepted; one from an
 * older revision is three-way merged from that base; a conflicting one keeps the current body and
 * sets the other text beside it as a conflict. Every text ends up in a revision.
 *
 * A device's edits of one note build on each other: an edit made before the device heard back about
 * its previous one names the same base revision (0 before the note first synced), so its real base
 * is that previous text, when the server took it into the body. A later text from the same device
 * and base replaces that device's conflict instead of adding one. A merge that would make the body
 * longer than a note may be is a conflict too: the stored note always stays valid.
 */
function mergeNoteEdit(
  note: Note,
  mine: string,
  baseRev: number,
  ctx: MergeContext,
): { note: Note; revisions: NoteRevision[]; accepted: boolean } {
  const by = {
    by: ctx.memberId,
    byName: ctx.memberName,
    at: ctx.now,
    noteId: note.id,
    clientId: ctx.clientId,
    baseRev,
  };
  const previous = ctx.lastSent(note.id, baseRev);
  // This device's earlier conflict from the same base is superseded by this text, whatever becomes of it.
  const superseded = previous?.setAside
    ? note.conflicts.filter((c) => c.clientId === ctx.clientId && c.baseRev === baseRev).map((c) => c.id)
    : [];
  const others = note.conflicts.filter((c) => !superseded.includes(c.id));
  if (mine === note.body) {
    const revisions: NoteRevision[] =
      baseRev === note.rev ? [] : [{ ...by, rev: null, body: mine, kind: 'merge-input' }];
    return { note: { ...note, conflicts: others }, revisions, accepted: true };
  }
  if (baseRev === note.rev) {
    const rev = note.rev + 1;
    return {
      note: { ...note, body: mine, rev, conflicts: others },
      revisions: [{ ...by, rev, body: mine, kind: 'edit' }],
      accepted: true,
    };
  }
  const base = previous && !previous.setAside ? previous.body : ctx.revisionBody(note.id, baseRev);
  const merged = base === undefined ? { clean: false as const } : mergeNoteBody(base, mine, note.body);
  if (merged.clean && merged.body.length <= LIMITS.noteBody) {
    if (merged.body === note.body)
      return {
        note: { ...note, conflicts: others },
        revisions: [{ ...by, rev: null, body: mine, kind: 'merge-input' }],
        accepted: true,
      };
    const rev = note.rev + 1;
    return {
      note: { ...note, body: merged.body, rev, conflicts: others },
      revisions: [
        { ...by, rev: null, body: mine, kind: 'merge-input' },
        { ...by, clientId: null, baseRev: null, rev, body: merged.body, kind: 'merge' },
      ],
      accepted: true,
    };
  }
  const conflict: NoteConflict = {
    id: ctx.newConflictId(),
    by: ctx.memberId,
    byName: ctx.memberName,
    at: ctx.now,
    body: mine,
    baseRev,
    clientId: ctx.clientId,
  };
  // At most LIMITS.listItems open conflicts: the oldest leaves the note (its text stays in the history).
  const conflicts = [...others, conflict].slice(-LIMITS.listItems);
  return {
    note: { ...note, conflicts },
    revisions: [{ ...by, rev: null, body: mine, kind: 'conflict' }],
    accepted: false,
  };
}

/**
 * Applies one validated mutation to a record's stored state (the server's authority). The rules:
 * - fields merge by HLC, stamps bounded to the server's clock plus MAX_CLOCK_SKEW_MS;
 * - a delete always wins: over earlier and concurrent edits and creates of the id, whatever their
 *   stamps; a tombstone stays a tombstone (a note text sent to it is kept in the history);
 * - only a note's author changes who sees it (its `visibility`);
 * - note bodies merge as mergeNoteEdit says.
 */
export function mergeMutation(current: StoredRecord | null, m: Mutation, ctx: MergeContext): MergeOutcome {
  const hlc = clampHlc(m.hlc, ctx.now);
  if (m.name === 'record.create') {
    const incoming = { ...m.record, createdBy: ctx.memberId } as AnyRecord;
    if (!current) {
      const fieldHlc = Object.fromEntries(Object.keys(incoming).map((k) => [k, hlc]));
      if (incoming.type !== 'note')
        return { ok: true, stored: { record: incoming, fieldHlc }, changed: true, revisions: [] };
      const note: Note = { ...incoming, rev: 1, conflicts: [] };
      const revision: NoteRevision = {
        noteId: note.id,
        rev: 1,
        body: note.body,
        kind: 'create',
        by: ctx.memberId,
        byName: ctx.memberName,
        at: ctx.now,
        clientId: ctx.clientId,
        baseRev: 0,
      };
      return { ok: true, stored: { record: note, fieldHlc }, changed: true, revisions: [revision] };
    }
    if (current.record.type !== incoming.type) {
      return { ok: false, code: 'conflict', message: `id ${incoming.id} already belongs to a ${current.record.type}` };
    }
    // The same record created twice: treat the second as an edit from the first revision.
    const { id: _id, type: _type, createdAt: _c, createdBy: _b, ...fields } = incoming as Record<string, unknown>;
    // Its lists add to what is there (two reps capturing one person keep both their phone numbers).
    const listBase = Object.fromEntries(listFieldsOf(incoming.type, fields).map((k) => [k, [] as unknown[]]));
    return mergeMutation(
      current,
      {
        id: m.id,
        hlc,
        name: 'record.update',
        type: incoming.type,
        recordId: incoming.id,
        patch: fields,
        baseRev: 1,
        listBase,
      },
      ctx,
    );
  }
  if (!current) return { ok: false, code: 'not_found', message: `no ${m.type} with id ${m.recordId}` };
  if (current.record.type !== m.type) {
    return { ok: false, code: 'conflict', message: `id ${m.recordId} is a ${current.record.type}, not a ${m.type}` };
  }
  const revisions: NoteRevision[] = [];
  if (current.record.deleted) {
    if (m.name === 'record.update' && current.record.type === 'note' && typeof m.patch.body === 'string') {
      revisions.push({
        noteId: m.recordId,
        rev: null,
        body: m.patch.body,
        kind: 'after-delete',
        by: ctx.memberId,
        byName: ctx.memberName,
        at: ctx.now,
        clientId: ctx.clientId,
        baseRev: m.baseRev ?? null,
      });
    }
    return { ok: true, stored: current, changed: false, revisions };
  }
  if (m.name === 'record.delete' || m.patch.deleted === true) {
    const fieldHlc = boundedClocks(current.fieldHlc, ctx.now);
    if (hlc > (fieldHlc.deleted ?? '')) fieldHlc.deleted = hlc;
    return {
      ok: true,
      stored: { record: { ...current.record, deleted: true } as AnyRecord, fieldHlc },
      changed: true,
      revisions,
    };
  }
  if (
    current.record.type === 'note' &&
    'visibility' in m.patch &&
    m.patch.visibility !== current.record.visibility &&
    current.record.createdBy !== ctx.memberId
  ) {
    return { ok: false, code: 'forbidden', message: "only the note's author can change who sees it" };
  }
  const { body, ...otherFields } = m.patch;
  const fields = current.record.type === 'note' ? otherFields : { ...m.patch };
  // Lists sent with the device's base merge by item; the rest field by field.
  const listed = Object.keys(m.listBase ?? {}).filter(
    (k) => k in fields && Array.isArray(fields[k]) && listKind(current.record.type, k),
  );
  const listValues = Object.fromEntries(listed.map((k) => [k, fields[k] as unknown[]]));
  for (const k of listed) delete fields[k];
  let next = mergeFields(current, fields, hlc, ctx.now);
  for (const k of listed) {
    const kind = listKind(current.record.type, k)!;
    const now = next.record as Record<string, unknown>;
    const merged = applyListEdit(
      kind,
      k,
      Array.isArray(now[k]) ? (now[k] as unknown[]) : [],
      listEdit(kind, m.listBase![k]!, listValues[k]!),
      { hlc, fieldHlc: next.fieldHlc },
    );
    next = { record: { ...now, [k]: merged } as AnyRecord, fieldHlc: next.fieldHlc };
  }
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
    if (m.resolves?.length && bodyAccepted)
      note = { ...note, conflicts: note.conflicts.filter((c) => !m.resolves!.includes(c.id)) };
    next = { record: note, fieldHlc: next.fieldHlc };
  }
  return { ok: true, stored: next, changed: !sameRecord(current, next), revisions };
}

/** The client's optimistic view: a pending mutation re-applied over whatever the server last sent. */
export function applyPending(current: AnyRecord | undefined, m: Mutation, now: number): AnyRecord | undefined {
  if (m.name === 'record.create')
    return current
      ? ({
          ...current,
          ...m.record,
          ...(current.type === 'note' ? { rev: current.rev, conflicts: current.conflicts } : {}),
        } as AnyRecord)
      : m.record;
  if (!current || current.deleted) return current;
  if (m.name === 'record.delete') return { ...current, deleted: true, updatedAt: now } as AnyRecord;
  const patch = { ...m.patch };
  // A queued list edit is applied as an edit (what it added, removed and changed), over what was pulled since.
  for (const k of Object.keys(m.listBase ?? {})) {
    const kind = listKind(current.type, k);
    const value = (current as Record<string, unknown>)[k];
    if (kind && Array.isArray(patch[k]) && Array.isArray(value))
      patch[k] = applyListEdit(kind, k, value, listEdit(kind, m.listBase![k]!, patch[k] as unknown[]));
  }
  const next = { ...current, ...patch, updatedAt: Math.max(current.updatedAt, now) } as AnyRecord;
  if (next.type === 'note' && m.resolves?.length)
    return { ...next, conflicts: next.conflicts.filter((c) => !m.resolves!.includes(c.id)) };
  return next;
}

export function maxHlc(fieldHlc: Record<string, Hlc>): Hlc {
  let max = '';
  for (const h of Object.values(fieldHlc)) if (h > max) max = h;
  return max;
}
