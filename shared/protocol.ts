import { z } from 'zod';
import { describeZodError } from './errors';
import { hlcString } from './hlc';
import {
  LIMITS,
  anyRecord,
  forwardPatchSchema,
  recordId,
  recordType,
  storedRecordSchema,
  typeName,
  type AnyRecord,
  type RecordType,
} from './records';

/** The sync protocol (architecture §3): push mutations in client order, pull rows in server `seq` order. */
export const SYNC_LIMITS = {
  mutationsPerPush: 500,
  pullLimitMax: 2000,
  pullLimitDefault: 500,
  /** Pull pages stop adding rows past this many bytes of record JSON. */
  pullBytesMax: 4_000_000,
} as const;

export const MUTATION_NAMES = ['record.create', 'record.update', 'record.delete'] as const;
export type MutationName = (typeof MUTATION_NAMES)[number];

export const clientId = z.uuid({ message: 'clientId must be a UUID' });

/** The envelope is checked as a whole; each mutation's args are checked on their own (see parseMutation). */
export const mutationEnvelope = z.object({
  id: z.number().int().positive(),
  name: z.enum(MUTATION_NAMES),
  hlc: hlcString,
  args: z.record(z.string(), z.unknown()),
});
export type MutationEnvelope = z.infer<typeof mutationEnvelope>;

/**
 * Every mutation id up to this one is settled on the client (its outcome recorded, its entry gone
 * from the outbox): the server may forget their refusals. Until then it keeps answering them, so a
 * lost reply never loses a refusal.
 */
const settledThrough = z.number().int().nonnegative().optional();

/** The client's protocol (shared/version.ts); absent from versions before protocol 2. */
const protocol = z.number().int().positive().max(1_000).optional();

export const pushRequest = z.object({
  clientId,
  protocol,
  settledThrough,
  mutations: z
    .array(mutationEnvelope)
    .max(SYNC_LIMITS.mutationsPerPush, `at most ${SYNC_LIMITS.mutationsPerPush} mutations per push`)
    .refine((ms) => ms.every((m, i) => i === 0 || m.id > ms[i - 1]!.id), 'mutation ids must increase'),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const rejection = z.object({ id: z.number().int(), code: z.string(), message: z.string() });
export type Rejection = z.infer<typeof rejection>;

export const pushResponse = z.object({
  lastMutationId: z.number().int().nonnegative(),
  /** This push's refusals, and earlier ones above the request's `settledThrough` not yet settled. */
  rejected: z.array(rejection),
});

/**
 * The error code of a push whose first new mutation id is not the one after the last the server
 * applied (`expectedMutationId` in the error body): the client resends from that id.
 */
export const MUTATION_GAP = 'mutation_gap';
export const mutationGapError = z.object({
  error: z.object({
    code: z.literal(MUTATION_GAP),
    message: z.string(),
    expectedMutationId: z.number().int().positive(),
  }),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const pullRequest = z.object({
  clientId,
  protocol,
  settledThrough,
  cursor: z.number().int().nonnegative(),
  /** Clamped, not refused, above the server's maximum: an extension and a server of different versions still sync. */
  limit: z
    .number()
    .int()
    .min(1)
    .default(SYNC_LIMITS.pullLimitDefault)
    .transform((n) => Math.min(n, SYNC_LIMITS.pullLimitMax)),
  /** Set while re-reading everything after a `reset`: the cursor is then allowed below the tombstone floor. */
  rebuild: z.boolean().default(false),
  /** Ask for `remaining` (rows after this page): the first page of a round, for a progress bar. */
  count: z.boolean().default(false),
});
export type PullRequest = z.input<typeof pullRequest>;

export const pulledRow = z.object({
  id: recordId,
  type: recordType,
  seq: z.number().int().positive(),
  deleted: z.boolean(),
  /** Highest HLC among the row's fields, so a client's clock can move past it. */
  hlc: hlcString,
  /** Null for rows this member may no longer see (another member's private note). */
  record: anyRecord.nullable(),
});
export type PulledRow = z.infer<typeof pulledRow>;

/**
 * A pulled row as the wire carries it: its record is checked on its own (pulledRow), so a row this
 * client cannot read (a record type or a shape it does not know, a record stored before a limit)
 * is kept aside instead of failing the whole page.
 */
export const wirePulledRow = pulledRow.extend({
  type: z.string().min(1).max(64),
  // Not looked into here (each row's record is read once, by pulledRow, in the sync engine).
  record: z.unknown(),
});
export type WirePulledRow = z.infer<typeof wirePulledRow>;

export const pullResponse = z.object({
  rows: z.array(wirePulledRow),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  reset: z.boolean(),
  lastMutationId: z.number().int().nonnegative(),
  /** Rows after this page, when the request asked to count them. */
  remaining: z.number().int().nonnegative().nullable().default(null),
  /** Refusals of this client's mutations up to `lastMutationId` it has not settled (see pushRequest). */
  rejected: z.array(rejection).default([]),
});
export type PullResponse = z.infer<typeof pullResponse>;

/** A mutation whose args have been validated for its name and record type. */
export type Mutation =
  | { id: number; hlc: string; name: 'record.create'; record: AnyRecord }
  | {
      id: number;
      hlc: string;
      name: 'record.update';
      type: RecordType;
      recordId: string;
      patch: Record<string, unknown>;
      /** For a note body: the revision the edit started from (three-way merge base). */
      baseRev?: number;
      /** Note conflicts this edit resolves. */
      resolves?: string[];
      /** List fields as this device had them before the edit: lists merge by item (shared/list-merge.ts). */
      listBase?: Record<string, unknown[]>;
    }
  | { id: number; hlc: string; name: 'record.delete'; type: RecordType; recordId: string };

const createArgs = z.object({ record: z.record(z.string(), z.unknown()) });
const targetArgs = z.object({ type: typeName, id: recordId });
const updateArgs = targetArgs.extend({
  patch: z.record(z.string(), z.unknown()),
  baseRev: z.number().int().nonnegative().optional(),
  resolves: z.array(z.string().max(64)).max(50).optional(),
  listBase: z.record(z.string().max(64), z.array(z.unknown()).max(LIMITS.listItems * 2)).optional(),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/**
 * A mutation as the server takes it. Record types and fields this version does not know are taken
 * too, within limits (storedRecordSchema, forwardPatchSchema), so a newer extension's writes are kept
 * for the versions that know them. The result is typed as the known types: the server treats every
 * type alike except notes (whose type it knows), so an unknown type passes through as a name.
 */
export function parseMutation(m: MutationEnvelope): ParseResult<Mutation> {
  const base = { id: m.id, hlc: m.hlc };
  if (m.name === 'record.create') {
    const r = createArgs.safeParse(m.args);
    if (!r.success) return { ok: false, code: 'invalid_record', message: describeZodError(r.error) };
    const type = typeName.safeParse(r.data.record.type);
    if (!type.success) return { ok: false, code: 'invalid_record', message: `type: ${describeZodError(type.error)}` };
    const record = storedRecordSchema(type.data).safeParse(r.data.record);
    if (!record.success) return { ok: false, code: 'invalid_record', message: describeZodError(record.error) };
    return { ok: true, value: { ...base, name: m.name, record: record.data as AnyRecord } };
  }
  if (m.name === 'record.update') {
    const r = updateArgs.safeParse(m.args);
    if (!r.success) return { ok: false, code: 'invalid_record', message: describeZodError(r.error) };
    const patch = forwardPatchSchema(r.data.type).safeParse(r.data.patch);
    if (!patch.success) return { ok: false, code: 'invalid_record', message: describeZodError(patch.error) };
    if (Object.keys(patch.data).length === 0 && !r.data.resolves?.length)
      return { ok: false, code: 'invalid_record', message: 'patch changes nothing' };
    if ((r.data.baseRev !== undefined || r.data.resolves) && r.data.type !== 'note') {
      return { ok: false, code: 'invalid_record', message: 'baseRev and resolves apply to notes only' };
    }
    return {
      ok: true,
      value: {
        ...base,
        name: m.name,
        type: r.data.type as RecordType,
        recordId: r.data.id,
        patch: patch.data,
        ...(r.data.baseRev !== undefined ? { baseRev: r.data.baseRev } : {}),
        ...(r.data.resolves ? { resolves: r.data.resolves } : {}),
        ...(r.data.listBase ? { listBase: r.data.listBase } : {}),
      },
    };
  }
  const r = targetArgs.safeParse(m.args);
  if (!r.success) return { ok: false, code: 'invalid_record', message: describeZodError(r.error) };
  return { ok: true, value: { ...base, name: m.name, type: r.data.type as RecordType, recordId: r.data.id } };
}

/** Builds the wire form of a mutation (the inverse of parseMutation). */
export function toEnvelope(m: Mutation): MutationEnvelope {
  switch (m.name) {
    case 'record.create':
      return { id: m.id, name: m.name, hlc: m.hlc, args: { record: m.record } };
    case 'record.update':
      return {
        id: m.id,
        name: m.name,
        hlc: m.hlc,
        args: {
          type: m.type,
          id: m.recordId,
          patch: m.patch,
          ...(m.baseRev !== undefined ? { baseRev: m.baseRev } : {}),
          ...(m.resolves ? { resolves: m.resolves } : {}),
          ...(m.listBase ? { listBase: m.listBase } : {}),
        },
      };
    case 'record.delete':
      return { id: m.id, name: m.name, hlc: m.hlc, args: { type: m.type, id: m.recordId } };
  }
}

export function mutationTarget(m: Mutation): string {
  return m.name === 'record.create' ? m.record.id : m.recordId;
}

/** One entry of a note's history (GET /v1/notes/:id/history). */
export const noteHistoryEntry = z.object({
  n: z.number().int().positive(),
  rev: z.number().int().positive().nullable(),
  body: z.string(),
  kind: z.enum(['create', 'edit', 'merge', 'merge-input', 'conflict', 'after-delete']),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.number(),
});
export type NoteHistoryEntry = z.infer<typeof noteHistoryEntry>;
export const noteHistoryResponse = z.object({ entries: z.array(noteHistoryEntry) });
