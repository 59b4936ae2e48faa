import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { canonical } from '../../shared/list-merge';
import { applyPending, mergeMutation, type MergeContext, type StoredRecord } from '../../shared/merge';
import type { Mutation } from '../../shared/protocol';
import type { Account, AnyRecord, Contact } from '../../shared/records';

const now = 1_800_000_000_000;
const devices = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];
const ctx = (clientId: string): MergeContext => ({
  memberId: 'm1',
  memberName: 'M',
  clientId,
  now,
  revisionBody: () => undefined,
  lastSent: () => undefined,
  newConflictId: () => 'c',
});
const by = { memberId: 'm1', now };

function create(record: AnyRecord): StoredRecord {
  const outcome = mergeMutation(
    null,
    { id: 1, name: 'record.create', hlc: formatHlc({ ms: now - 1000, counter: 0 }, devices[0]!), record },
    ctx(devices[0]!),
  );
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.stored;
}

function apply(start: StoredRecord, mutations: Mutation[]): StoredRecord {
  return mutations.reduce((state, m) => {
    const outcome = mergeMutation(state, m, ctx(m.hlc.slice(-36)));
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.stored;
  }, start);
}

/** What a device sends for a list edit: the patch, and the list as it had it. */
function listUpdate(record: AnyRecord, field: string, next: unknown[], ms: number, device: number, id = 2): Mutation {
  return {
    id,
    name: 'record.update',
    hlc: formatHlc({ ms, counter: 0 }, devices[device]!),
    type: record.type,
    recordId: record.id,
    patch: { [field]: next },
    listBase: { [field]: (record as unknown as Record<string, unknown[]>)[field]! },
  };
}

describe('lists merge by item', () => {
  it('keeps the phone each of two reps added offline, and a removal from a third', () => {
    const contact = buildRecord('contact', { name: 'Ana', phones: ['+49 1', '+49 2'] }, by) as Contact;
    const start = create(contact);
    const edits = [
      listUpdate(contact, 'phones', ['+49 1', '+49 2', '+49 3'], now, 0),
      listUpdate(contact, 'phones', ['+49 1', '+49 2', '+49 4'], now + 1, 1),
      listUpdate(contact, 'phones', ['+49 2'], now + 2, 2),
    ];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      const result = apply(
        start,
        order.map((i) => edits[i]!),
      ).record as Contact;
      expect([...result.phones].sort()).toEqual(['+49 2', '+49 3', '+49 4']);
    }
  });

  it('keeps two key-account reviews recorded offline, and two goals added to a plan', () => {
    const account = buildRecord('account', { name: 'Nordlicht' }, by) as Account;
    const review = (at: number, who: string) => ({
      at,
      by: who,
      answer: `why ${who}`,
      outcome: 'keep' as const,
      tier: 'A' as const,
      score: 7,
    });
    const result = apply(create(account), [
      listUpdate(account, 'reviews', [review(1, 'ana')], now, 0),
      listUpdate(account, 'reviews', [review(2, 'bo')], now + 1, 1),
    ]).record as Account;
    expect(result.reviews.map((r) => r.by).sort()).toEqual(['ana', 'bo']);

    const plan = buildRecord('plan', { accountId: account.id, year: 2027, goals: [] }, by);
    const goal = (id: string, title: string) => ({ id, title, measure: '', dueAt: null, progress: 0 });
    const planned = apply(create(plan), [
      listUpdate(plan, 'goals', [goal('g1', 'Pilot')], now, 0),
      listUpdate(plan, 'goals', [goal('g2', 'Rollout')], now + 1, 1),
    ]).record as typeof plan;
    expect(planned.goals.map((g) => g.title).sort()).toEqual(['Pilot', 'Rollout']);
  });

  it('merges edits of different fields of one item, and lets the later of an edit and a removal win', () => {
    const settings = buildRecord(
      'settings',
      {
        cadenceDays: { A: 14, B: 30, C: 90 },
        scorecard: [{ id: 'fit', label: 'Fit', family: 'potential', weight: 10 }],
      },
      by,
    );
    const start = create(settings);
    const item = settings.scorecard[0]!;
    const relabel = listUpdate(settings, 'scorecard', [{ ...item, label: 'Strategic fit' }], now, 0);
    const reweigh = listUpdate(settings, 'scorecard', [{ ...item, weight: 30 }], now + 1, 1);
    for (const order of [
      [relabel, reweigh],
      [reweigh, relabel],
    ]) {
      expect((apply(start, order).record as typeof settings).scorecard).toEqual([
        { ...item, label: 'Strategic fit', weight: 30 },
      ]);
    }
    const remove = (ms: number) => listUpdate(settings, 'scorecard', [], ms, 2);
    for (const [edit, removal, kept] of [
      [relabel, remove(now + 5), false],
      [reweigh, remove(now - 5), true],
    ] as const) {
      for (const order of [
        [edit, removal],
        [removal, edit],
      ]) {
        expect((apply(start, order).record as typeof settings).scorecard.length).toBe(kept ? 1 : 0);
      }
    }
  });

  it('adds the lists of a second create of the same id to the first (two reps capturing one person)', () => {
    const first = buildRecord(
      'contact',
      { name: 'Ana', emails: ['ana@nordlicht.de'], phones: ['+49 1'] },
      by,
    ) as Contact;
    const second = { ...first, phones: ['+49 2'], emails: ['ana@nordlicht.de', 'a.silva@nordlicht.de'] };
    const outcome = mergeMutation(
      create(first),
      { id: 2, name: 'record.create', hlc: formatHlc({ ms: now, counter: 0 }, devices[1]!), record: second },
      ctx(devices[1]!),
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect((outcome.stored.record as Contact).phones.sort()).toEqual(['+49 1', '+49 2']);
    expect((outcome.stored.record as Contact).emails.sort()).toEqual(['a.silva@nordlicht.de', 'ana@nordlicht.de']);
  });

  it('converges whatever order list edits from three devices arrive in (property)', () => {
    const values = ['a', 'b', 'c', 'd', 'e'];
    const edit = fc.record({
      device: fc.integer({ min: 0, max: 2 }),
      keep: fc.subarray(values),
      add: fc.subarray(values),
      ms: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.subarray(values),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        fc.func(fc.integer()),
        (initial, edits, order) => {
          const contact = buildRecord('contact', { name: 'Ana', tags: initial }, by) as Contact;
          const start = create(contact);
          const mutations = edits.map((e, i) => {
            // Each device edits from the list as created (offline the whole time).
            const next = [...new Set([...initial.filter((v) => e.keep.includes(v)), ...e.add])];
            return {
              ...listUpdate(contact, 'tags', next, now + e.ms, e.device, i + 2),
              hlc: formatHlc({ ms: now + e.ms, counter: i }, devices[e.device]!),
            };
          });
          const shuffled = [...mutations].sort((x, y) => order(x.id) - order(y.id));
          const tags = (s: StoredRecord) => [...(s.record as Contact).tags].sort();
          expect(tags(apply(start, shuffled))).toEqual(tags(apply(start, mutations)));
          // Every value a device added is there: no device had it to remove (they all edit from the list as created).
          const added = edits.flatMap((e) => e.add.filter((v) => !initial.includes(v)));
          for (const v of added) expect(tags(apply(start, mutations))).toContain(v);
        },
      ),
    );
  });

  it('shows a queued list edit over what was pulled since (the device’s own view)', () => {
    const contact = buildRecord('contact', { name: 'Ana', phones: ['+49 1'] }, by) as Contact;
    const mine = listUpdate(contact, 'phones', ['+49 1', '+49 3'], now, 0);
    const pulled = { ...contact, phones: ['+49 1', '+49 2'] };
    expect((applyPending(pulled, mine, now) as Contact).phones).toEqual(['+49 1', '+49 2', '+49 3']);
    expect(canonical({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe(canonical({ a: [2, { c: 2, d: 1 }], b: 1 }));
  });
});
