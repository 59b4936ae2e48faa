import { LIMITS, storedRecordSchema, type AnyRecord } from '../shared/records';
import {
  MUTATION_GAP,
  SYNC_LIMITS,
  mutationTarget,
  parseMutation,
  type Mutation,
  type NoteHistoryEntry,
  type Rejection,
} from '../shared/protocol';
import { describeZodError } from '../shared/errors';
import { MAX_CLOCK_SKEW_MS, formatHlc, parseHlc } from '../shared/hlc';
import type { PulledRowText } from './pull-json';
import { mergeMutation, sentText, type NoteRevision, type SentText, type StoredRecord } from '../shared/merge';
import { ApiError, forbidden } from './errors';
import type { SyncStore } from './store';

interface RecordRow {
  id: string;
  type: string;
  data: string;
  field_hlc: string;
  deleted: number;
  private_to: string | null;
  seq: number;
}

/** A pulled row as the pull query reads it: the record's text and its highest field HLC. */
type PullRow = Pick<RecordRow, 'id' | 'type' | 'data' | 'deleted' | 'private_to' | 'seq'> & { hlc: string };

/** Bound parameters per statement stay well under D1's limit of 100. */
const IDS_PER_STATEMENT = 90;
const MAX_ATTEMPTS = 6;

class RetryPush extends Error {}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function privateTo(record: AnyRecord): string | null {
  return record.type === 'note' && record.visibility === 'private' ? record.createdBy : null;
}

/**
 * A stored record as the merge reads it. Rows written before the limits were enforced on merges (a
 * note with more than 50 conflicts) are repaired: the newest conflicts are kept, the others stay in
 * the note's history. A row that is still not valid is used as stored, so a delete or a fixing edit
 * can still reach it (a write that would leave it invalid is refused, see attemptPush).
 */
function storedRecord(data: string): AnyRecord {
  const raw = JSON.parse(data) as Record<string, unknown>;
  const schema = storedRecordSchema(String(raw.type));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as AnyRecord;
  if (raw.type === 'note' && Array.isArray(raw.conflicts) && raw.conflicts.length > LIMITS.listItems) {
    const repaired = schema.safeParse({ ...raw, conflicts: raw.conflicts.slice(-LIMITS.listItems) });
    if (repaired.success) return repaired.data as AnyRecord;
  }
  return raw as AnyRecord;
}

/** The highest stamp a pulled row may carry: the server's clock plus the accepted skew (older versions' clients do not bound what they receive). */
function stampBound(now: number): string {
  return formatHlc({ ms: now + MAX_CLOCK_SKEW_MS, counter: 99_999 }, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
}

const sentKey = (noteId: string, baseRev: number) => `${noteId}@${baseRev}`;

export function d1Store(db: D1Database): SyncStore {
  async function readClient(teamId: string, clientId: string) {
    return db
      .prepare(
        'SELECT member_id AS memberId, last_mutation_id AS lastMutationId FROM clients WHERE team_id = ? AND client_id = ?',
      )
      .bind(teamId, clientId)
      .first<{ memberId: string; lastMutationId: number }>();
  }

  async function readRecords(teamId: string, ids: string[]): Promise<Map<string, RecordRow>> {
    const rows = new Map<string, RecordRow>();
    for (const part of chunk(ids, IDS_PER_STATEMENT)) {
      const result = await db
        .prepare(
          `SELECT id, type, data, field_hlc, deleted, private_to, seq FROM records
            WHERE team_id = ? AND id IN (${part.map(() => '?').join(',')})`,
        )
        .bind(teamId, ...part)
        .all<RecordRow>();
      for (const row of result.results) rows.set(row.id, row);
    }
    return rows;
  }

  /** Bodies of the revisions that note edits in this push started from: their three-way merge bases. */
  async function readBases(teamId: string, wanted: { noteId: string; rev: number }[]): Promise<Map<string, string>> {
    const bodies = new Map<string, string>();
    const unique = [...new Map(wanted.map((w) => [`${w.noteId}@${w.rev}`, w])).values()];
    for (const part of chunk(unique, 45)) {
      const result = await db
        .prepare(
          `SELECT note_id AS noteId, rev, body FROM note_revisions
            WHERE team_id = ? AND rev IS NOT NULL AND (${part.map(() => '(note_id = ? AND rev = ?)').join(' OR ')})`,
        )
        .bind(teamId, ...part.flatMap((w) => [w.noteId, w.rev]))
        .all<{ noteId: string; rev: number; body: string }>();
      for (const row of result.results) bodies.set(`${row.noteId}@${row.rev}`, row.body);
    }
    return bodies;
  }

  /** The latest text this client sent for each (note, base revision) wanted: how its next edit is based (shared/merge.ts). */
  async function readSent(
    teamId: string,
    clientId: string,
    wanted: { noteId: string; rev: number }[],
  ): Promise<Map<string, SentText>> {
    const sent = new Map<string, SentText>();
    const unique = [...new Map(wanted.map((w) => [sentKey(w.noteId, w.rev), w])).values()];
    for (const part of chunk(unique, 45)) {
      // SQLite takes the other columns from the row with the highest n of each group.
      const result = await db
        .prepare(
          `SELECT note_id AS noteId, base_rev AS baseRev, body, kind, MAX(n) AS n FROM note_revisions
            WHERE team_id = ? AND client_id = ? AND kind IN ('create', 'edit', 'merge-input', 'conflict')
              AND (${part.map(() => '(note_id = ? AND base_rev = ?)').join(' OR ')})
            GROUP BY note_id, base_rev`,
        )
        .bind(teamId, clientId, ...part.flatMap((w) => [w.noteId, w.rev]))
        .all<{ noteId: string; baseRev: number; body: string; kind: NoteRevision['kind'] }>();
      for (const row of result.results)
        sent.set(sentKey(row.noteId, row.baseRev), { body: row.body, setAside: row.kind === 'conflict' });
    }
    return sent;
  }

  /** Refusals kept for this client above what it settled, up to `through`; the settled ones are forgotten. */
  function forgetSettled(teamId: string, clientId: string, settledThrough: number) {
    return db
      .prepare('DELETE FROM rejections WHERE team_id = ? AND client_id = ? AND mutation_id <= ?')
      .bind(teamId, clientId, settledThrough);
  }

  /**
   * Refusals kept for this client above what it settled, up to `through`; the settled ones are
   * forgotten. Nothing to read (and no round trip) when the client has settled everything up to `through`.
   */
  async function keptRejections(
    teamId: string,
    clientId: string,
    settledThrough: number | undefined,
    through: number,
  ): Promise<Rejection[]> {
    if (settledThrough === undefined || settledThrough >= through) return [];
    const [, kept] = await db.batch<Rejection>([
      forgetSettled(teamId, clientId, settledThrough),
      db
        .prepare(
          'SELECT mutation_id AS id, code, message FROM rejections WHERE team_id = ? AND client_id = ? AND mutation_id > ? AND mutation_id <= ? ORDER BY mutation_id LIMIT 500',
        )
        .bind(teamId, clientId, settledThrough, through),
    ]);
    return kept!.results;
  }

  async function attemptPush(input: Parameters<SyncStore['push']>[0]) {
    const { teamId, memberId, memberName, clientId, now } = input;
    const client = await readClient(teamId, clientId);
    if (client && client.memberId !== memberId) throw forbidden('this clientId belongs to another member');
    const lastApplied = client?.lastMutationId ?? 0;
    const fresh = input.mutations.filter((m) => m.id > lastApplied);
    if (fresh.length === 0)
      return {
        lastMutationId: lastApplied,
        rejected: await keptRejections(teamId, clientId, input.settledThrough, lastApplied),
      };
    // Ids follow on from the last one applied: a gap would mean mutations this server never saw were
    // skipped. A client it has never seen may start anywhere (it signed in again with its counter).
    if (client && fresh[0]!.id !== lastApplied + 1) {
      throw new ApiError(
        409,
        MUTATION_GAP,
        `mutation ${fresh[0]!.id} does not follow ${lastApplied}, the last applied: resend from ${lastApplied + 1}`,
        { expectedMutationId: lastApplied + 1 },
      );
    }
    // Read before the records: every row we then read has seq <= this, or it changed while we read (retry).
    const teamSeq =
      (await db.prepare('SELECT seq FROM teams WHERE id = ?').bind(teamId).first<{ seq: number }>())?.seq ?? 0;

    const rejected: Rejection[] = [];
    const parsed: Mutation[] = [];
    for (const envelope of fresh) {
      const result = parseMutation(envelope);
      // The client id inside a stamp breaks ties between equal clocks: it must be the pushing client's.
      if (result.ok && parseHlc(envelope.hlc).clientId !== clientId)
        rejected.push({
          id: envelope.id,
          code: 'invalid_record',
          message: 'the stamp (hlc) names another client than the one pushing',
        });
      else if (result.ok) parsed.push(result.value);
      else rejected.push({ id: envelope.id, code: result.code, message: result.message });
    }

    const targetIds = [...new Set(parsed.map(mutationTarget))];
    const existing = await readRecords(teamId, targetIds);
    const working = new Map<string, StoredRecord | null>();
    for (const id of targetIds) {
      const row = existing.get(id);
      // Another member's private note is invisible here, exactly as if it did not exist.
      // Parsed with the schema so rows written before a field existed get its default (a note's `rev`).
      working.set(
        id,
        row && (row.private_to === null || row.private_to === memberId)
          ? { record: storedRecord(row.data), fieldHlc: JSON.parse(row.field_hlc) as Record<string, string> }
          : null,
      );
    }
    const hidden = new Set(targetIds.filter((id) => existing.has(id) && working.get(id) === null));
    const noteEdits = parsed.flatMap((m) =>
      m.name === 'record.update' && m.type === 'note' && m.baseRev !== undefined
        ? [{ noteId: m.recordId, rev: m.baseRev }]
        : [],
    );
    const bases = await readBases(teamId, noteEdits);
    const sent = await readSent(teamId, clientId, noteEdits);
    const ctx = {
      memberId,
      memberName,
      clientId,
      now,
      revisionBody: (noteId: string, rev: number) => bases.get(`${noteId}@${rev}`),
      lastSent: (noteId: string, baseRev: number) => sent.get(sentKey(noteId, baseRev)),
      newConflictId: () => crypto.randomUUID(),
    };
    const revisions: NoteRevision[] = [];
    const changed = new Set<string>();
    for (const m of parsed) {
      const id = mutationTarget(m);
      if (hidden.has(id)) {
        rejected.push({ id: m.id, code: 'forbidden', message: `record ${id} is not yours to change` });
        continue;
      }
      const outcome = mergeMutation(working.get(id) ?? null, m, ctx);
      if (!outcome.ok) {
        rejected.push({ id: m.id, code: outcome.code, message: outcome.message });
        continue;
      }
      // Whatever a merge makes must still be a valid record (a delete always may be stored).
      if (outcome.changed && !outcome.stored.record.deleted) {
        const valid = storedRecordSchema(outcome.stored.record.type).safeParse(outcome.stored.record);
        if (!valid.success) {
          rejected.push({
            id: m.id,
            code: 'invalid_record',
            message: `this change would leave the ${outcome.stored.record.type} invalid: ${describeZodError(valid.error)}`,
          });
          continue;
        }
      }
      for (const revision of outcome.revisions) {
        revisions.push(revision);
        if (revision.rev !== null) bases.set(`${revision.noteId}@${revision.rev}`, revision.body);
        const text = sentText(revision);
        if (text) sent.set(sentKey(revision.noteId, revision.baseRev!), text);
      }
      if (outcome.changed) {
        outcome.stored.record = {
          ...outcome.stored.record,
          updatedAt: Math.max(outcome.stored.record.updatedAt, now),
        } as AnyRecord;
        working.set(id, outcome.stored);
        changed.add(id);
      }
    }
    rejected.sort((a, b) => a.id - b.id);
    const newLast = fresh[fresh.length - 1]!.id;

    const statements: D1PreparedStatement[] = [
      // Guards: if another request moved this client or these records since we read them, roll back and retry.
      db
        .prepare(
          'INSERT INTO write_guard (ok) SELECT 0 WHERE COALESCE((SELECT last_mutation_id FROM clients WHERE team_id = ? AND client_id = ?), 0) != ?',
        )
        .bind(teamId, clientId, lastApplied),
    ];
    // Any change that committed after `teamSeq` was read has a higher seq: one primary-key lookup per id.
    for (const part of chunk([...changed], IDS_PER_STATEMENT)) {
      statements.push(
        db
          .prepare(
            `INSERT INTO write_guard (ok) SELECT 0 WHERE EXISTS (SELECT 1 FROM records WHERE team_id = ? AND id IN (${part.map(() => '?').join(',')}) AND seq > ?)`,
          )
          .bind(teamId, ...part, teamSeq),
      );
    }
    const changedIds = [...changed];
    if (changedIds.length > 0) {
      statements.push(db.prepare('UPDATE teams SET seq = seq + ? WHERE id = ?').bind(changedIds.length, teamId));
      changedIds.forEach((id, index) => {
        const stored = working.get(id)!;
        const back = changedIds.length - 1 - index;
        statements.push(
          db
            .prepare(
              `INSERT INTO records (team_id, id, type, data, field_hlc, deleted, private_to, seq, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT seq FROM teams WHERE id = ?) - ?, ?)
               ON CONFLICT (team_id, id) DO UPDATE SET data = excluded.data, field_hlc = excluded.field_hlc,
                 deleted = excluded.deleted, private_to = excluded.private_to, seq = excluded.seq, updated_at = excluded.updated_at`,
            )
            .bind(
              teamId,
              id,
              stored.record.type,
              JSON.stringify(stored.record),
              JSON.stringify(stored.fieldHlc),
              stored.record.deleted ? 1 : 0,
              privateTo(stored.record),
              teamId,
              back,
              now,
            ),
        );
      });
    }
    for (const revision of revisions) {
      statements.push(
        db
          .prepare(
            `INSERT INTO note_revisions (team_id, note_id, n, rev, body, kind, author_id, author_name, created_at, client_id, base_rev)
             VALUES (?, ?, (SELECT COALESCE(MAX(n), 0) + 1 FROM note_revisions WHERE team_id = ? AND note_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(
            teamId,
            revision.noteId,
            teamId,
            revision.noteId,
            revision.rev,
            revision.body,
            revision.kind,
            revision.by,
            revision.byName,
            revision.at,
            revision.clientId,
            revision.baseRev,
          ),
      );
    }
    // Kept until the client settles them (keptRejections), so a lost reply does not lose a refusal;
    // the ones it has settled are forgotten in the same batch.
    if (input.settledThrough !== undefined) statements.push(forgetSettled(teamId, clientId, input.settledThrough));
    for (const refusal of rejected) {
      statements.push(
        db
          .prepare(
            'INSERT OR REPLACE INTO rejections (team_id, client_id, mutation_id, code, message, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .bind(teamId, clientId, refusal.id, refusal.code, refusal.message.slice(0, 1_000), now),
      );
    }
    statements.push(
      db
        .prepare(
          `INSERT INTO clients (team_id, client_id, member_id, last_mutation_id, last_seen_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (team_id, client_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id, last_seen_at = excluded.last_seen_at`,
        )
        .bind(teamId, clientId, memberId, newLast, now),
    );
    try {
      await db.batch(statements);
    } catch (error) {
      if (String(error).includes('CHECK constraint failed')) throw new RetryPush();
      throw error;
    }
    const earlier = await keptRejections(teamId, clientId, input.settledThrough, lastApplied);
    return { lastMutationId: newLast, rejected: [...earlier, ...rejected] };
  }

  return {
    async purgeTombstones({ teamId, before }) {
      const found = await db
        .prepare(
          'SELECT COUNT(*) AS n, MAX(seq) AS top FROM records WHERE team_id = ? AND deleted = 1 AND updated_at < ?',
        )
        .bind(teamId, before)
        .first<{ n: number; top: number | null }>();
      const current = await db
        .prepare('SELECT tombstone_floor AS floor FROM teams WHERE id = ?')
        .bind(teamId)
        .first<{ floor: number }>();
      if (!found?.n || found.top === null) return { purged: 0, floor: current?.floor ?? 0 };
      const floor = Math.max(found.top, current?.floor ?? 0);
      await db.batch([
        db.prepare('UPDATE teams SET tombstone_floor = MAX(tombstone_floor, ?) WHERE id = ?').bind(floor, teamId),
        db
          .prepare('DELETE FROM records WHERE team_id = ? AND deleted = 1 AND updated_at < ? AND seq <= ?')
          .bind(teamId, before, floor),
      ]);
      return { purged: found.n, floor };
    },

    async noteHistory({ teamId, memberId, noteId }) {
      const note = await db
        .prepare("SELECT private_to FROM records WHERE team_id = ? AND id = ? AND type = 'note'")
        .bind(teamId, noteId)
        .first<{ private_to: string | null }>();
      if (!note || (note.private_to !== null && note.private_to !== memberId)) return null;
      const result = await db
        .prepare(
          `SELECT n, rev, body, kind, author_id AS authorId, author_name AS authorName, created_at AS createdAt
             FROM note_revisions WHERE team_id = ? AND note_id = ? ORDER BY n`,
        )
        .bind(teamId, noteId)
        .all<NoteHistoryEntry>();
      return result.results;
    },

    async push(input) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await attemptPush(input);
        } catch (error) {
          if (!(error instanceof RetryPush)) throw error;
          if (attempt >= MAX_ATTEMPTS)
            throw new ApiError(409, 'conflict', 'the records changed under this push too often; retry shortly');
        }
      }
    },

    async pull({ teamId, memberId, clientId, cursor, limit, rebuild, count, settledThrough, now }) {
      const team = await db
        .prepare('SELECT tombstone_floor AS floor, seq FROM teams WHERE id = ?')
        .bind(teamId)
        .first<{ floor: number; seq: number }>();
      const floor = team?.floor ?? 0;
      // A cursor beyond the team's last change was not given by this server (its data was restored
      // from a backup, or the address now points at another one): re-read everything.
      const reset = cursor > (team?.seq ?? 0) || (!rebuild && cursor > 0 && cursor < floor);
      const from = reset ? 0 : cursor;
      // The row's highest field HLC is taken in SQLite: the field clocks are about as long as the record
      // itself, and only their maximum is sent, so they need not cross into the worker (maxHlc's order: plain text).
      const result = await db
        .prepare(
          `SELECT id, type, data, deleted, private_to, seq,
                  min(COALESCE((SELECT max(value) FROM json_each(records.field_hlc)), ''), ?) AS hlc
             FROM records
            WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
        )
        .bind(stampBound(now), teamId, from, limit + 1)
        .all<PullRow>();
      const rows: PulledRowText[] = [];
      let bytes = 0;
      let hasMore = false;
      for (const row of result.results) {
        if (rows.length === limit || (rows.length > 0 && bytes + row.data.length > SYNC_LIMITS.pullBytesMax)) {
          hasMore = true;
          break;
        }
        bytes += row.data.length;
        const visible = row.private_to === null || row.private_to === memberId;
        rows.push({
          id: row.id,
          type: row.type as PulledRowText['type'],
          seq: row.seq,
          deleted: visible ? row.deleted === 1 : true,
          hlc: row.hlc,
          // Embedded as stored (see pull-json.ts): validated when written, never re-parsed here.
          recordJson: visible ? row.data : null,
        });
      }
      const client = await readClient(teamId, clientId);
      if (client && client.memberId !== memberId) throw forbidden('this clientId belongs to another member');
      const last = rows.length ? rows[rows.length - 1]!.seq : from;
      const remaining = !count
        ? null
        : hasMore
          ? ((
              await db
                .prepare('SELECT COUNT(*) AS n FROM records WHERE team_id = ? AND seq > ?')
                .bind(teamId, last)
                .first<{ n: number }>()
            )?.n ?? 0)
          : 0;
      return {
        rows,
        // Once caught up, the cursor is at least the floor: nothing below it is left to miss.
        cursor: hasMore ? last : Math.max(last, floor),
        hasMore,
        reset,
        lastMutationId: client?.lastMutationId ?? 0,
        remaining,
        // On the first page of a round only (the one that counts): the client files them from any page.
        rejected: client && count ? await keptRejections(teamId, clientId, settledThrough, client.lastMutationId) : [],
      };
    },
  };
}
