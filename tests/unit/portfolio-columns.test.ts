import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../shared/portfolio/facts';
import { DamagedColumnsError, packFacts, unpackFacts } from '../../shared/portfolio/facts-columns';
import { ACCOUNT_KINDS, DEAL_STATUSES, TIERS } from '../../shared/records';

const text = fc.string({ maxLength: 12, unit: 'grapheme' });
const time = fc.integer({ min: -8.64e15, max: 8.64e15 });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const amount = fc.double({ noNaN: true, noDefaultInfinity: true });

const facts: fc.Arbitrary<AccountFacts> = fc.record({
  id: fc.uuid(),
  name: text,
  tier: fc.constantFrom(...TIERS),
  kind: fc.constantFrom(null, ...ACCOUNT_KINDS),
  ownerId: orNull(fc.constantFrom('', 'mia', 'alice', '老王')),
  tags: fc.array(text, { maxLength: 3 }),
  value: orNull(amount),
  createdAt: time,
  composite: orNull(fc.double({ min: 0, max: 10, noNaN: true })),
  scores: fc.array(fc.record({ at: time, composite: fc.double({ min: 0, max: 10, noNaN: true }) }), { maxLength: 6 }),
  reviewEvery: orNull(fc.integer({ min: 1, max: 400 })),
  nextReviewAt: orNull(time),
  lastReview: orNull(
    fc.record({
      at: time,
      by: fc.constantFrom('mia', 'alice'),
      outcome: fc.constantFrom('keep', 'change-tier', 'new-plan'),
    }),
  ),
  touches: fc.array(time, { maxLength: 20 }),
  people: fc.array(fc.record({ name: text, last: time }), { maxLength: 2 }),
  team: fc.array(fc.record({ id: fc.constantFrom('mia', 'alice', 'cho'), last: time }), { maxLength: 2 }),
  contacts: fc.nat(),
  plan: orNull(
    fc.record({
      year: fc.integer({ min: 1970, max: 9999 }),
      goals: fc.array(fc.record({ title: text, dueAt: orNull(time), progress: fc.integer({ min: 0, max: 100 }) }), {
        maxLength: 4,
      }),
    }),
  ),
  deals: fc.array(
    fc.record({
      ownerId: orNull(fc.constantFrom('mia', 'alice')),
      status: fc.constantFrom(...DEAL_STATUSES),
      closeDate: orNull(fc.constantFrom('2026-12-31', '2027-01-01')),
      value: orNull(amount),
      probability: fc.integer({ min: 0, max: 100 }),
    }),
    { maxLength: 3 },
  ),
});

describe('the portfolio facts in columns', () => {
  it('property: unpacking the packed facts gives them back exactly, through a structured clone as IndexedDB stores them', () => {
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 30 }), (list) => {
        expect(unpackFacts(structuredClone(packFacts(list)))).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });

  it('holds an account with 100,000 touches (no spread of its list into arguments)', () => {
    const many = fc.sample(facts, { numRuns: 1, seed: 7 })[0]!;
    many.touches = Array.from({ length: 100_000 }, (_, i) => i * 1_000);
    const back = unpackFacts(packFacts([many]));
    expect(back[0]!.touches).toHaveLength(100_000);
    expect(back[0]!.touches.at(-1)).toBe(99_999_000);
  });

  it('refuses columns that do not fit together, with an error of its own, instead of drawing wrong figures', () => {
    const list = fc.sample(facts, { numRuns: 5, seed: 3 });
    const short = packFacts(list);
    short.count = 6;
    expect(() => unpackFacts(short)).toThrow(DamagedColumnsError);
    const cut = packFacts(list);
    cut.touches.ends[cut.count - 1] = cut.touches.items.length + 1;
    expect(() => unpackFacts(cut)).toThrow(DamagedColumnsError);
    const lost = packFacts(list);
    lost.strings = [];
    expect(() => unpackFacts(lost)).toThrow(DamagedColumnsError);
    const tier = packFacts(list);
    tier.codes[0] = 9;
    expect(() => unpackFacts(tier)).toThrow(DamagedColumnsError);
  });
});
