import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc, parseHlc } from '../../shared/hlc';
import { mergeMutation, sentText, type MergeContext, type SentText, type StoredRecord } from '../../shared/merge';
import type { Mutation } from '../../shared/protocol';

const by = { memberId: 'm1', now: 1_800_000_000_000 };
const ctx: MergeContext = {
  memberId: 'm1',
  memberName: 'Mia',
  clientId: '00000000-0000-4000-8000-000000000001',
  now: by.now,
  revisionBody: () => undefined,
  lastSent: () => undefined,
  newConflictId: () => 'c1',
};
const clients = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];

function base(): StoredRecord {
  const outcome = mergeMutation(
    null,
    {
      id: 1,
      name: 'record.create',
      hlc: formatHlc({ ms: 1, counter: 0 }, clients[0]!),
      record: buildRecord('contact', { name: 'Start', title: 'T0' }, by),
    },
    ctx,
  );
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.stored;
}

describe('per-field merge on the server', () => {
  it('converges whatever order concurrent field edits arrive in', () => {
    const start = base();
    const edit = fc.record({
      field: fc.constantFrom('name', 'title'),
      value: fc.string({ minLength: 1, maxLength: 5 }),
      ms: fc.integer({ min: 2, max: 20 }),
      client: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.func(fc.integer()), (edits, order) => {
        const mutations: Mutation[] = edits.map((e, i) => ({
          id: i + 2,
          name: 'record.update',
          hlc: formatHlc({ ms: e.ms, counter: i }, clients[e.client]!),
          type: 'contact',
          recordId: start.record.id,
          patch: { [e.field]: e.value },
        }));
        const apply = (list: Mutation[]) =>
          list.reduce((acc, m) => {
            const outcome = mergeMutation(acc, m, ctx);
            if (!outcome.ok) throw new Error(outcome.message);
            return outcome.stored;
          }, start);
        const shuffled = [...mutations].sort((x, y) => order(x.id) - order(y.id));
        expect(apply(shuffled).record).toEqual(apply(mutations).record);
      }),
    );
  });

  it('keeps a tombstone when an edit races a delete', () => {
    const start = base();
    const deleted = mergeMutation(
      start,
      {
        id: 2,
        name: 'record.delete',
        hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!),
        type: 'contact',
        recordId: start.record.id,
      },
      ctx,
    );
    if (!deleted.ok) throw new Error();
    const late = mergeMutation(
      deleted.stored,
      {
        id: 3,
        name: 'record.update',
        hlc: formatHlc({ ms: 9, counter: 0 }, clients[2]!),
        type: 'contact',
        recordId: start.record.id,
        patch: { name: 'Back?' },
      },
      ctx,
    );
    expect(late).toMatchObject({ ok: true, changed: false });
    if (late.ok) expect(late.stored.record).toMatchObject({ deleted: true, name: 'Start' });
  });

  it('refuses updates to unknown records and type mismatches', () => {
    const start = base();
    expect(
      mergeMutation(
        null,
        {
          id: 2,
          name: 'record.delete',
          hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!),
          type: 'contact',
          recordId: start.record.id,
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      mergeMutation(
        start,
        {
          id: 2,
          name: 'record.delete',
          hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!),
          type: 'account',
          recordId: start.record.id,
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'conflict' });
  });
});

type DistributiveOmitId<T> = T extends unknown ? Omit<T, 'id'> : never;

describe('note bodies are never last-writer-wins', () => {
  const clientA = clients[0]!;
  const clientB = clients[1]!;
  function noteStore() {
    // As the server keeps them (worker/d1-store.ts): bodies by revision, and each device's latest text per base.
    const bodies = new Map<string, string>();
    const sent = new Map<string, SentText>();
    let conflictSeq = 0;
    const context = (memberId: string, clientId: string): MergeContext => ({
      memberId,
      memberName: memberId.toUpperCase(),
      clientId,
      now: by.now,
      revisionBody: (noteId, rev) => bodies.get(`${noteId}@${rev}`),
      lastSent: (noteId, baseRev) => sent.get(`${noteId}@${clientId}@${baseRev}`),
      newConflictId: () => `conflict-${++conflictSeq}`,
    });
    let stored: StoredRecord | null = null;
    let n = 1;
    return {
      apply(m: DistributiveOmitId<Mutation>, memberId = 'a') {
        const outcome = mergeMutation(
          stored,
          { ...m, id: n++ } as Mutation,
          context(memberId, parseHlc(m.hlc).clientId),
        );
        if (!outcome.ok) throw new Error(outcome.message);
        for (const r of outcome.revisions) {
          if (r.rev !== null) bodies.set(`${r.noteId}@${r.rev}`, r.body);
          const text = sentText(r);
          if (text) sent.set(`${r.noteId}@${r.clientId}@${r.baseRev}`, text);
        }
        stored = outcome.stored;
        return outcome;
      },
      get note() {
        return stored!.record as import('../../shared/records').Note;
      },
    };
  }
  const subject = buildRecord('account', { name: 'Acme' }, by).id;
  const hlc = (ms: number, client: string) => formatHlc({ ms, counter: 0 }, client);

  it('merges edits to different parts of a note from the same base revision', () => {
    const s = noteStore();
    const created = buildRecord('note', { subjectId: subject, body: 'Call Ana on Monday. Send the price list.' }, by);
    s.apply({ name: 'record.create', hlc: hlc(1, clientA), record: created });
    expect(s.note.rev).toBe(1);
    s.apply({
      name: 'record.update',
      hlc: hlc(2, clientA),
      type: 'note',
      recordId: created.id,
      patch: { body: 'Call Ana on Tuesday. Send the price list.' },
      baseRev: 1,
    });
    const merged = s.apply(
      {
        name: 'record.update',
        hlc: hlc(3, clientB),
        type: 'note',
        recordId: created.id,
        patch: { body: 'Call Ana on Monday. Send the new price list.' },
        baseRev: 1,
      },
      'b',
    );
    expect(s.note.body).toBe('Call Ana on Tuesday. Send the new price list.');
    expect(s.note.rev).toBe(3);
    expect(merged.revisions).toEqual([
      expect.objectContaining({ kind: 'merge-input', rev: null, body: 'Call Ana on Monday. Send the new price list.' }),
      expect.objectContaining({ kind: 'merge', rev: 3, body: 'Call Ana on Tuesday. Send the new price list.' }),
    ]);
  });

  it('keeps both texts when edits collide, and a resolution clears the conflict', () => {
    const s = noteStore();
    const created = buildRecord('note', { subjectId: subject, body: 'Budget is 10k.' }, by);
    s.apply({ name: 'record.create', hlc: hlc(1, clientA), record: created });
    s.apply({
      name: 'record.update',
      hlc: hlc(2, clientA),
      type: 'note',
      recordId: created.id,
      patch: { body: 'Budget is 12k.' },
      baseRev: 1,
    });
    const clash = s.apply(
      {
        name: 'record.update',
        hlc: hlc(3, clientB),
        type: 'note',
        recordId: created.id,
        patch: { body: 'Budget is 15k.' },
        baseRev: 1,
      },
      'b',
    );
    expect(s.note.body).toBe('Budget is 12k.');
    expect(s.note.conflicts).toEqual([
      expect.objectContaining({ id: 'conflict-1', by: 'b', byName: 'B', body: 'Budget is 15k.', baseRev: 1 }),
    ]);
    expect(clash.revisions[0]).toMatchObject({ kind: 'conflict', rev: null, body: 'Budget is 15k.' });
    s.apply(
      {
        name: 'record.update',
        hlc: hlc(4, clientB),
        type: 'note',
        recordId: created.id,
        patch: { body: 'Budget is 12–15k.' },
        baseRev: 2,
        resolves: ['conflict-1'],
      },
      'b',
    );
    expect(s.note).toMatchObject({ body: 'Budget is 12–15k.', rev: 3, conflicts: [] });
  });

  it('keeps an edit that raced a delete in the history', () => {
    const s = noteStore();
    const created = buildRecord('note', { subjectId: subject, body: 'Draft' }, by);
    s.apply({ name: 'record.create', hlc: hlc(1, clientA), record: created });
    s.apply({ name: 'record.delete', hlc: hlc(2, clientA), type: 'note', recordId: created.id });
    const late = s.apply(
      {
        name: 'record.update',
        hlc: hlc(3, clientB),
        type: 'note',
        recordId: created.id,
        patch: { body: 'Draft, extended offline' },
        baseRev: 1,
      },
      'b',
    );
    expect(late.changed).toBe(false);
    expect(late.revisions).toEqual([
      expect.objectContaining({ kind: 'after-delete', body: 'Draft, extended offline' }),
    ]);
  });
});
