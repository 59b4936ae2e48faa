import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MERGE_EDITS, mergeNoteBody, sentences, tokenize } from '../../shared/note-merge';
import { buildRecord } from '../../shared/factories';
import { MAX_CLOCK_SKEW_MS, formatHlc } from '../../shared/hlc';
import { mergeMutation, type MergeContext, type StoredRecord } from '../../shared/merge';
import { noteSchema } from '../../shared/records';

const sentence = fc
  .array(fc.constantFrom('Ana', 'budget', 'renewal', '价格', '김민수', 'visit', 'May', '10k', 'the'), {
    minLength: 2,
    maxLength: 6,
  })
  .map((words) => `${words.join(' ')}. `);

describe('note three-way merge', () => {
  it('cuts text into sentences and tokens that put it back together exactly', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '\n', '!', '。', '你', 'é', '?'), maxLength: 60 }),
        (text) => {
          expect(sentences(text).join('')).toBe(text);
          expect(sentences(text).flatMap(tokenize)).toEqual(tokenize(text));
        },
      ),
    );
  });

  it('keeps both edits when they change different sentences, and is the same whichever side is "mine"', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 3, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        sentence,
        sentence,
        (base, i, j, x, y) => {
          const a = i % base.length;
          const b = j % base.length;
          fc.pre(Math.abs(a - b) >= 2);
          // With repeated sentences several alignments are right; the positional answer is only one of them.
          fc.pre(new Set([...base, x, y]).size === base.length + 2);
          const mine = base.map((s, k) => (k === a ? x : s));
          const theirs = base.map((s, k) => (k === b ? y : s));
          const expected = base.map((s, k) => (k === a ? x : k === b ? y : s)).join('');
          const merged = mergeNoteBody(base.join(''), mine.join(''), theirs.join(''));
          expect(merged).toEqual({ clean: true, body: expected });
          expect(mergeNoteBody(base.join(''), theirs.join(''), mine.join(''))).toEqual({ clean: true, body: expected });
        },
      ),
    );
  });

  it('merges two edits of one sentence word by word, and calls a clash a conflict', () => {
    expect(
      mergeNoteBody(
        'Call Ana on Monday about the budget. ',
        'Call Ana on Tuesday about the budget. ',
        'Call Ana on Monday about the new budget. ',
      ),
    ).toEqual({ clean: true, body: 'Call Ana on Tuesday about the new budget. ' });
    expect(mergeNoteBody('Budget is 10k.', 'Budget is 12k.', 'Budget is 15k.')).toEqual({ clean: false });
    expect(mergeNoteBody('王经理下周来访。', '王经理下周二来访。', '王经理下周来访。带样品。')).toEqual({
      clean: true,
      body: '王经理下周二来访。带样品。',
    });
  });

  it('gives up on edits past its budget as a conflict (both texts kept), never a wrong merge', () => {
    const base = Array.from({ length: MAX_MERGE_EDITS * 2 }, (_, i) => `Line ${i}.\n`).join('');
    const rewritten = Array.from({ length: MAX_MERGE_EDITS * 2 }, (_, i) => `Row ${i}!\n`).join('');
    expect(mergeNoteBody(base, rewritten, `${base}More.`)).toEqual({ clean: false });
  });
});

describe('the server’s merge rules', () => {
  const owner = 'm-owner';
  const clientA = '00000000-0000-4000-8000-00000000000a';
  const clientB = '00000000-0000-4000-8000-00000000000b';
  const now = 1_800_000_000_000;
  const ctx = (memberId: string, clientId: string, at = now): MergeContext => ({
    memberId,
    memberName: memberId,
    clientId,
    now: at,
    revisionBody: () => undefined,
    lastSent: () => undefined,
    newConflictId: () => crypto.randomUUID(),
  });
  function stored(record: ReturnType<typeof buildRecord>, hlc: string, c: MergeContext): StoredRecord {
    const outcome = mergeMutation(null, { id: 1, name: 'record.create', hlc, record }, c);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.stored;
  }

  it('lets a far-future stamp win a field for at most the accepted skew', () => {
    const contact = buildRecord('contact', { name: 'Ana', title: 'Buyer' }, { memberId: owner, now });
    const start = stored(contact, formatHlc({ ms: now, counter: 0 }, clientA), ctx(owner, clientA));
    const forged = mergeMutation(
      start,
      {
        id: 2,
        name: 'record.update',
        hlc: `9999999999999:99999:${clientA}`,
        type: 'contact',
        recordId: contact.id,
        patch: { title: 'Forged' },
      },
      ctx(owner, clientA),
    );
    if (!forged.ok) throw new Error();
    expect(forged.stored.fieldHlc.title! <= formatHlc({ ms: now + MAX_CLOCK_SKEW_MS, counter: 99_999 }, clientA)).toBe(
      true,
    );
    const later = now + MAX_CLOCK_SKEW_MS + 1;
    const honest = mergeMutation(
      forged.stored,
      {
        id: 3,
        name: 'record.update',
        hlc: formatHlc({ ms: later, counter: 0 }, clientB),
        type: 'contact',
        recordId: contact.id,
        patch: { title: 'Head of Buying' },
      },
      ctx(owner, clientB, later),
    );
    if (!honest.ok) throw new Error();
    expect(honest.stored.record).toMatchObject({ title: 'Head of Buying' });
  });

  it('lets a delete win over a create or edit of the id with any stamp, in either order', () => {
    const contact = buildRecord('contact', { name: 'Ana' }, { memberId: owner, now });
    const start = stored(contact, formatHlc({ ms: now, counter: 0 }, clientA), ctx(owner, clientA));
    const del = {
      id: 2,
      name: 'record.delete' as const,
      hlc: formatHlc({ ms: now + 1, counter: 0 }, clientA),
      type: 'contact' as const,
      recordId: contact.id,
    };
    const recreate = {
      id: 3,
      name: 'record.create' as const,
      hlc: formatHlc({ ms: now + 60_000, counter: 0 }, clientB),
      record: { ...contact, name: 'Ana again' },
    };
    for (const order of [
      [del, recreate],
      [recreate, del],
    ]) {
      let state = start;
      for (const m of order) {
        const outcome = mergeMutation(state, m, ctx(owner, m === del ? clientA : clientB));
        if (!outcome.ok) throw new Error(outcome.message);
        state = outcome.stored;
      }
      expect(state.record.deleted).toBe(true);
    }
  });

  it('lets only a note’s author change who sees it', () => {
    const note = buildRecord(
      'note',
      { subjectId: buildRecord('account', { name: 'A' }, { memberId: owner, now }).id, body: 'Shared.' },
      { memberId: owner, now },
    );
    const start = stored(note, formatHlc({ ms: now, counter: 0 }, clientA), ctx(owner, clientA));
    const hide = {
      id: 2,
      name: 'record.update' as const,
      hlc: formatHlc({ ms: now + 1, counter: 0 }, clientB),
      type: 'note' as const,
      recordId: note.id,
      patch: { visibility: 'private' },
    };
    expect(mergeMutation(start, hide, ctx('m-teammate', clientB))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(mergeMutation(start, hide, ctx(owner, clientB))).toMatchObject({ ok: true });
  });

  it('makes note text well-formed, as D1 stores it', () => {
    const parsed = noteSchema.parse({
      ...buildRecord(
        'note',
        { subjectId: buildRecord('account', { name: 'A' }, { memberId: owner, now }).id, body: 'x' },
        { memberId: owner, now },
      ),
      body: 'a\ud83d b \ude00 c 😀',
    });
    expect(parsed.body).toBe('a\ufffd b \ufffd c 😀');
  });
});
