import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../extension/background/sync-scheduler';

describe('sync backoff', () => {
  it('doubles from 1 s up to 5 minutes, with jitter between 0.5× and 1.5×', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, () => 0.5)).toBe(2000);
    expect(backoffDelay(5, () => 0.5)).toBe(16_000);
    expect(backoffDelay(30, () => 0.5)).toBe(300_000);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(3, () => 0.999_999)).toBeCloseTo(6000, -1);
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(4000);
  });
});
