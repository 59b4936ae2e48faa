import { describe, expect, it } from 'vitest';
import { scoreAccount } from '../../shared/scorecard';
import { tierFromScore } from '../../shared/tiering';

const card = [
  { id: 'value', label: 'Value against price', family: 'attractiveness' as const, weight: 20 },
  { id: 'access', label: 'Access to key people', family: 'attractiveness' as const, weight: 10 },
  { id: 'volume', label: 'Volume', family: 'potential' as const, weight: 40 },
  { id: 'relationship', label: 'State of the relationship', family: 'relationship' as const, weight: 30 },
];

describe('scorecard', () => {
  it('weighs each indicator and explains the composite', () => {
    const r = scoreAccount({ value: 8, access: 5, volume: 9, relationship: 6 }, card);
    expect(r.composite).toBe(7.5); // (160 + 50 + 360 + 180) / 100
    expect(r.families).toEqual([
      { family: 'attractiveness', weight: 30, score: 7 },
      { family: 'potential', weight: 40, score: 9 },
      { family: 'relationship', weight: 30, score: 6 },
    ]);
    expect(r.indicators.reduce((s, i) => s + i.contribution, 0)).toBeCloseTo(7.5);
  });

  it('leaves unscored indicators out instead of counting them as zero', () => {
    expect(scoreAccount({ volume: 6 }, card)).toMatchObject({
      composite: 6,
      families: [{ score: null }, { score: 6 }, { score: null }],
    });
    expect(scoreAccount({}, card).composite).toBeNull();
    expect(scoreAccount({ gone: 3 }, card).composite).toBeNull();
  });
});

describe('tier by scorecard', () => {
  it('suggests A, B or C from the composite, with the team’s thresholds', () => {
    expect([9, 7, 6.9, 4, 3.9].map((c) => tierFromScore(c))).toEqual(['A', 'A', 'B', 'B', 'C']);
    expect(tierFromScore(null)).toBeNull();
    expect(tierFromScore(6, { a: 6, b: 3 })).toBe('A');
  });
});
