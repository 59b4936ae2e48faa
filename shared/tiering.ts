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
  const ranked = rankByValue(
    accounts.map((a) => a.id),
    accounts.map((a) => a.revenue),
    thresholds,
  );
  return Array.from(ranked.order, (i) => ({
    id: accounts[i]!.id,
    tier: ranked.tier[i]!,
    share: ranked.share[i]!,
    cumulative: ranked.cumulative[i]!,
  }));
}

export interface ValueRanking {
  /** Indices into the input, highest value first. */
  order: Int32Array;
  /** Per input index: the tier its value earns, its share of the total and the cumulative share down to it. */
  tier: Tier[];
  share: Float64Array;
  cumulative: Float64Array;
}

/** suggestTiers over parallel columns (20,000 accounts without an object each): the same rule, the same ties. */
export function rankByValue(
  ids: readonly string[],
  values: ArrayLike<number | null>,
  thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS,
): ValueRanking {
  const n = ids.length;
  const value = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    value[i] = v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
    total += value[i]!;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const compare = (x: number, y: number) =>
    value[y]! - value[x]! || (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0);
  // Input already in this order (the portfolio's facts are built so) needs one pass, not a sort.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (!sorted) order.sort(compare);
  const tier = new Array<Tier>(n);
  const share = new Float64Array(n);
  const cumulative = new Float64Array(n);
  // Compared in value, not in summed shares, so float rounding never moves an account across a threshold.
  let above = 0;
  for (const i of order) {
    const v = value[i]!;
    tier[i] = v <= 0 ? 'C' : above < thresholds.a * total ? 'A' : above < thresholds.b * total ? 'B' : 'C';
    above += v;
    share[i] = total > 0 ? v / total : 0;
    cumulative[i] = total > 0 ? above / total : 0;
  }
  return { order, tier, share, cumulative };
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
