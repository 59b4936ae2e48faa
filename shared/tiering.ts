import type { Tier } from './records';

/** Cumulative value shares that end tiers A and B (the 80/20 rule: the top 80% of value is A). */
export interface TierThresholds {
  a: number;
  b: number;
}
export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { a: 0.8, b: 0.95 };

export interface TierSuggestion {
  id: string;
  tier: Tier;
  /** This account's share of the total value, 0–1. */
  share: number;
  /** The cumulative share of the accounts ranked above it plus its own. */
  cumulative: number;
}

/**
 * Suggests tiers from a value per account (yearly revenue, say): ranked by value, the accounts that
 * together make up the first `a` of the total are A, up to `b` are B, the rest C. An account is A
 * when the share ranked above it is still below the threshold, so the account that crosses 80% is A.
 * Ties are ranked by id, so the result never depends on input order. No value (or none at all) is C.
 */
export function suggestTiers(
  accounts: readonly { id: string; revenue: number | null }[],
  thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS,
): TierSuggestion[] {
  const valued = accounts.map((a) => ({
    id: a.id,
    value: a.revenue !== null && Number.isFinite(a.revenue) && a.revenue > 0 ? a.revenue : 0,
  }));
  const total = valued.reduce((sum, a) => sum + a.value, 0);
  const ranked = [...valued].sort((x, y) => y.value - x.value || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  // Compared in value, not in summed shares, so float rounding never moves an account across a threshold.
  let above = 0;
  return ranked.map(({ id, value }) => {
    const tier: Tier = value <= 0 ? 'C' : above < thresholds.a * total ? 'A' : above < thresholds.b * total ? 'B' : 'C';
    above += value;
    return { id, tier, share: total > 0 ? value / total : 0, cumulative: total > 0 ? above / total : 0 };
  });
}

/** Composite scorecard scores (0–10) at or above which the scorecard suggests tier A and tier B. */
export interface ScoreTierThresholds {
  a: number;
  b: number;
}
export const DEFAULT_SCORE_TIER_THRESHOLDS: ScoreTierThresholds = { a: 7, b: 4 };

/** The scorecard's tier suggestion: a composite at or above `a` is A, at or above `b` is B, else C. Null when unscored. */
export function tierFromScore(
  composite: number | null,
  thresholds: ScoreTierThresholds = DEFAULT_SCORE_TIER_THRESHOLDS,
): Tier | null {
  if (composite === null) return null;
  return composite >= thresholds.a ? 'A' : composite >= thresholds.b ? 'B' : 'C';
}
