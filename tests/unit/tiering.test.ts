import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestTiers } from '../../shared/tiering';

const accountsArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    revenue: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1_000_000 })),
  }),
  { selector: (a) => a.id, maxLength: 60 },
);

describe('80/20 tier suggestion', () => {
  it('makes the accounts that carry the top 80% of value A, the next 15% B, the rest C', () => {
    const tiers = suggestTiers([
      { id: 'a', revenue: 500 },
      { id: 'b', revenue: 250 },
      { id: 'c', revenue: 100 },
      { id: 'd', revenue: 80 },
      { id: 'e', revenue: 40 },
      { id: 'f', revenue: 30 },
      { id: 'g', revenue: null },
    ]);
    expect(tiers.map((t) => [t.id, t.tier])).toEqual([
      ['a', 'A'],
      ['b', 'A'],
      ['c', 'A'],
      ['d', 'B'],
      ['e', 'B'],
      ['f', 'C'],
      ['g', 'C'],
    ]);
    // a+b = 75% is still under 80%, so c (which crosses it) is A too; likewise e crosses 95% and is B.
    expect(tiers[2]!.cumulative).toBeCloseTo(0.85);
  });

  it('honours configured thresholds', () => {
    const tiers = suggestTiers(
      [
        { id: 'a', revenue: 60 },
        { id: 'b', revenue: 30 },
        { id: 'c', revenue: 10 },
      ],
      { a: 0.5, b: 0.9 },
    );
    expect(tiers.map((t) => t.tier)).toEqual(['A', 'B', 'C']);
  });

  it('property: shares add up to 1, every account is classified once, and the order of input does not matter', () => {
    fc.assert(
      fc.property(accountsArb, fc.nat(), (accounts, seed) => {
        const tiers = suggestTiers(accounts);
        expect(tiers).toHaveLength(accounts.length);
        expect(new Set(tiers.map((t) => t.id))).toEqual(new Set(accounts.map((a) => a.id)));
        const total = tiers.reduce((s, t) => s + t.share, 0);
        if (accounts.some((a) => (a.revenue ?? 0) > 0)) expect(total).toBeCloseTo(1, 9);
        else expect(total).toBe(0);
        // Shuffled input, same result: ties are ranked by id, never by position.
        const shuffled = [...accounts].sort(
          (x, y) => ((x.id.charCodeAt(0) * 31 + seed) % 7) - ((y.id.charCodeAt(0) * 31 + seed) % 7),
        );
        expect(suggestTiers(shuffled)).toEqual(tiers);
      }),
      { numRuns: 300 },
    );
  });

  it('property: more value never means a lower tier, equal value means the same tier unless a threshold splits a tie', () => {
    const rank = { A: 0, B: 1, C: 2 } as const;
    fc.assert(
      fc.property(accountsArb, (accounts) => {
        const tiers = suggestTiers(accounts);
        const value = new Map(accounts.map((a) => [a.id, a.revenue ?? 0]));
        for (let i = 1; i < tiers.length; i++) {
          const [prev, cur] = [tiers[i - 1]!, tiers[i]!];
          expect(value.get(prev.id)!).toBeGreaterThanOrEqual(value.get(cur.id)!);
          expect(rank[prev.tier]).toBeLessThanOrEqual(rank[cur.tier]);
        }
        // A's share is at least 80% of the value whenever there is any value.
        const aShare = tiers.filter((t) => t.tier === 'A').reduce((s, t) => s + t.share, 0);
        if (accounts.some((a) => (a.revenue ?? 0) > 0)) expect(aShare).toBeGreaterThanOrEqual(0.8 - 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
