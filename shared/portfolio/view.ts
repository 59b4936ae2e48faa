import { addDays, DAY_MS, daysAgoFrom, localDate, startOfDay, type LocalDate } from '../calendar';
import { addToFigures, quarterOf, zeroFigures, type ForecastFigures } from '../deals';
import { DEFAULT_CADENCE_DAYS } from '../prompts/defaults';
import type { PromptText, PromptTextKey, PromptVar } from '../prompts/types';
import { TIERS, type AccountReview, type Settings, type Tier } from '../records';
import {
  DEFAULT_SCORE_TIER_THRESHOLDS,
  DEFAULT_TIER_THRESHOLDS,
  rankByValue,
  tierFromScore,
  type ValueRanking,
} from '../tiering';
import type { AccountFacts } from './facts';
import { isSingleThreaded, THREAD_WINDOW_DAYS } from './stakeholders';

/** Which accounts the review looks at: an owner (a member id, '' for nobody's), a tier, a kind ('none': no kind), a tag. */
export interface PortfolioFilter {
  owner: string;
  tier: Tier | 'all';
  kind: string;
  tag: string;
}
export const ALL_ACCOUNTS: PortfolioFilter = { owner: 'all', tier: 'all', kind: 'all', tag: 'all' };

export interface PortfolioClock {
  now: number;
  timeZone: string;
}

export type PortfolioSettings = Pick<
  Settings,
  'cadenceDays' | 'tierThresholds' | 'scoreTierThresholds' | 'forecastTargets' | 'currency'
>;

/** Accounts are key at tier A. */
const isKey = (f: AccountFacts) => f.tier === 'A';
/** A review due within this many days counts as due (and is listed). */
export const REVIEW_AHEAD_DAYS = 14;
/** Engagement compares the touches of the last 90 days with the 90 before. */
export const ENGAGEMENT_WINDOW_DAYS = 90;

const text = (key: PromptTextKey, vars?: Record<string, PromptVar>): PromptText => (vars ? { key, vars } : { key });
const days = (count: number) => text('promptText.days', { count });

/**
 * What does not change with the filter or the day, worked out once per set of facts: the 80/20
 * tier each account's value earns among the whole team's (tiers are the team's, not a filter's),
 * and the accounts in value order.
 */
export interface PortfolioIndex {
  facts: readonly AccountFacts[];
  /** Per account (its index in `facts`): the tier its value earns among the team's, and its share. */
  byValue: ValueRanking;
  /** Indices into `facts`, highest value first (accounts with no value last). */
  valueOrder: Int32Array;
  tags: string[];
  owners: string[];
}

export function indexPortfolio(
  facts: readonly AccountFacts[],
  settings: PortfolioSettings | undefined,
): PortfolioIndex {
  // The same rule (and ties by id) as the account card's suggestion.
  const ranked = rankByValue(
    facts.map((f) => f.id),
    facts.map((f) => f.value),
    settings?.tierThresholds ?? DEFAULT_TIER_THRESHOLDS,
  );
  const tags = new Set<string>();
  const owners = new Set<string>();
  for (const f of facts) {
    for (const tag of f.tags) tags.add(tag);
    owners.add(f.ownerId ?? '');
  }
  return { facts, byValue: ranked, valueOrder: ranked.order, tags: [...tags].sort(), owners: [...owners] };
}

/** Ties broken by id so the same book always draws in the same order. */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function matches(f: AccountFacts, filter: PortfolioFilter): boolean {
  return (
    (filter.owner === 'all' || (f.ownerId ?? '') === filter.owner) &&
    (filter.tier === 'all' || f.tier === filter.tier) &&
    (filter.kind === 'all' || (filter.kind === 'none' ? f.kind === null : f.kind === filter.kind)) &&
    (filter.tag === 'all' || f.tags.includes(filter.tag))
  );
}

export interface CoverageGroup {
  key: string;
  accounts: number;
  /** Touched within their tier's cadence. */
  covered: number;
  /** Not touched at all since the quarter began. */
  untouched: number;
}

export interface AccountRef {
  id: string;
  name: string;
  tier: Tier;
  ownerId: string | null;
  value: number | null;
}

export interface DecayRow extends AccountRef {
  reasons: PromptText[];
  /** Higher decays faster: how far past cadence, how far the score fell, how much quieter. */
  severity: number;
}

export interface ReviewRow extends AccountRef {
  dueAt: number;
  overdue: boolean;
}

export interface ParetoRow extends AccountRef {
  share: number;
  cumulative: number;
  /** The tier its value earns (the 80/20 rule) and the one its score suggests. */
  byValue: Tier;
  byScore: Tier | null;
  /** Why its tier no longer fits, in words; empty when it fits. */
  mismatch: PromptText[];
}

export interface GoalRow {
  /** Unique among the goals (the account and the goal's place in its plan). */
  key: string;
  accountId: string;
  accountName: string;
  title: string;
  dueAt: number | null;
  progress: number;
  overdue: boolean;
}

export interface ThreadRow extends AccountRef {
  /** Their one person (when it hangs on one there), by name; null when several take part. */
  theirs: string | null;
  /** Our one member (when it hangs on one here), by id; null when several take part. */
  ours: string | null;
  people: number;
  team: number;
}

export interface OwnerPipeline {
  ownerId: string;
  /** Every open deal: its value and its value × chance. */
  open: number;
  weighted: number;
  openDeals: number;
  /** This quarter's forecast, as the forecast page sums it. */
  quarter: ForecastFigures;
}

export interface AccountRow extends AccountRef {
  kind: AccountFacts['kind'];
  tags: string[];
  lastTouch: number | null;
  /** Days since the last touch (calendar days, the rep's time zone); null when never touched. */
  daysSince: number | null;
  covered: boolean;
  nextReviewAt: number | null;
  lastOutcome: AccountReview['outcome'] | null;
  composite: number | null;
  decaying: boolean;
  singleThreaded: boolean;
  openPipeline: number;
}

export interface PortfolioView {
  accounts: number;
  keyAccounts: number;
  coverage: { total: CoverageGroup; byTier: CoverageGroup[]; byOwner: CoverageGroup[]; untouched: AccountRef[] };
  decay: DecayRow[];
  reviews: {
    byOwner: { ownerId: string; due: number; overdue: number }[];
    rows: ReviewRow[];
    outcomes: Record<AccountReview['outcome'], number>;
  };
  pareto: { rows: ParetoRow[]; total: number; mismatches: ParetoRow[] };
  plans: { goals: GoalRow[]; missing: AccountRef[]; keyWithPlan: number };
  pipeline: { quarter: string; byOwner: OwnerPipeline[]; total: OwnerPipeline; unconverted: number };
  threads: ThreadRow[];
  /** Highest value first (ties by id), as the table first shows them. */
  rows: AccountRow[];
}

/** Counts of a sorted list at or after `from` and before `to`. */
function countBetween(sorted: readonly number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** The latest touch at or before `now` (an interaction dated ahead, a meeting planned, is not a touch yet). */
function lastTouchBy(f: AccountFacts, now: number): number | null {
  const i = lowerBound(f.touches, now + 1);
  return i > 0 ? f.touches[i - 1]! : null;
}

const ref = (f: AccountFacts): AccountRef => ({
  id: f.id,
  name: f.name,
  tier: f.tier,
  ownerId: f.ownerId,
  value: f.value,
});
const byNameThenId = (a: AccountRef, b: AccountRef) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

/**
 * The portfolio as the manager reviews it, for the accounts the filter keeps, on the clock's day:
 * coverage, decaying key accounts with their reasons, reviews, the 80/20 picture, plans, the
 * pipeline per owner, single-threaded key accounts, and a row per account for the table and export.
 */
export function portfolioView(
  index: PortfolioIndex,
  filter: PortfolioFilter,
  clock: PortfolioClock,
  settings: PortfolioSettings | undefined,
): PortfolioView {
  const { now, timeZone } = clock;
  const today = localDate(now, timeZone);
  const cadence = settings?.cadenceDays ?? DEFAULT_CADENCE_DAYS;
  // Instants, worked out once, so 20,000 accounts compare numbers instead of calendar days.
  const coveredFrom = Object.fromEntries(
    TIERS.map((t) => [t, startOfDay(addDays(today, -cadence[t]), timeZone)]),
  ) as Record<Tier, number>;
  const quarterStart = startOfDay(
    { year: today.year, month: Math.floor((today.month - 1) / 3) * 3 + 1, day: 1 },
    timeZone,
  );
  const todayStart = startOfDay(today, timeZone);
  const reviewHorizon = startOfDay(addDays(today, REVIEW_AHEAD_DAYS + 1), timeZone);
  const engagementFrom = now - ENGAGEMENT_WINDOW_DAYS * DAY_MS;
  const engagementBefore = now - 2 * ENGAGEMENT_WINDOW_DAYS * DAY_MS;
  const threadFrom = now - THREAD_WINDOW_DAYS * DAY_MS;
  const quarter = quarterOf(
    `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
  );
  const scoreThresholds = settings?.scoreTierThresholds ?? DEFAULT_SCORE_TIER_THRESHOLDS;
  const dayOf = (at: number): LocalDate => localDate(at, timeZone);
  const daysAgo = daysAgoFrom(today, timeZone);

  const group = (key: string): CoverageGroup => ({ key, accounts: 0, covered: 0, untouched: 0 });
  const count = (g: CoverageGroup, covered: boolean, quiet: boolean) => {
    g.accounts++;
    if (covered) g.covered++;
    if (quiet) g.untouched++;
  };
  const total = group('all');
  const byTier = new Map<Tier, CoverageGroup>(TIERS.map((t) => [t, group(t)]));
  const byOwner = new Map<string, CoverageGroup>();
  const untouched: AccountRef[] = [];
  const decay: DecayRow[] = [];
  const reviewRows: ReviewRow[] = [];
  const reviewsByOwner = new Map<string, { ownerId: string; due: number; overdue: number }>();
  const outcomes: Record<AccountReview['outcome'], number> = { keep: 0, 'change-tier': 0, 'new-plan': 0 };
  const goals: GoalRow[] = [];
  const missing: AccountRef[] = [];
  let keyWithPlan = 0;
  const pipelineByOwner = new Map<string, OwnerPipeline>();
  const pipelineTotal: OwnerPipeline = { ownerId: 'all', open: 0, weighted: 0, openDeals: 0, quarter: zeroFigures() };
  let unconverted = 0;
  const threads: ThreadRow[] = [];
  const rows: AccountRow[] = [];
  let keyAccounts = 0;
  const keep = new Uint8Array(index.facts.length);

  // In the team's value order, so the rows come sorted as the table first shows them.
  for (const i of index.valueOrder) {
    const f = index.facts[i]!;
    if (!matches(f, filter)) continue;
    keep[i] = 1;
    const owner = f.ownerId ?? '';
    const last = lastTouchBy(f, now);
    const covered = last !== null && last >= coveredFrom[f.tier];
    const quiet = last === null || last < quarterStart;
    count(total, covered, quiet);
    count(byTier.get(f.tier)!, covered, quiet);
    count(byOwner.get(owner) ?? byOwner.set(owner, group(owner)).get(owner)!, covered, quiet);
    if (quiet) untouched.push(ref(f));
    const key = isKey(f);
    if (key) keyAccounts++;

    // Decay (key accounts): past their cadence, a falling score, fewer touches than before.
    let decaying = false;
    if (key) {
      const reasons: PromptText[] = [];
      let severity = 0;
      if (!covered) {
        const from = last ?? f.createdAt;
        const since = Math.max(0, daysAgo(from));
        reasons.push(
          text(last !== null ? 'promptText.followUp.reason' : 'promptText.followUp.reasonNew', {
            tier: f.tier,
            since: days(since),
            cadence: days(cadence[f.tier]),
          }),
        );
        severity += Math.min(4, since / Math.max(1, cadence[f.tier]));
      }
      const [before, latest] = f.scores.slice(-2);
      if (before && latest && latest.composite <= before.composite - 0.5) {
        reasons.push(
          text('promptText.decay.score', {
            from: before.composite,
            to: latest.composite,
            date: { date: dayOf(latest.at) },
          }),
        );
        severity += (before.composite - latest.composite) / 2;
      }
      const recent = countBetween(f.touches, engagementFrom, now + 1);
      const earlier = countBetween(f.touches, engagementBefore, engagementFrom);
      if (earlier >= 3 && recent * 2 <= earlier) {
        reasons.push(text('promptText.decay.engagement', { recent, earlier, window: days(ENGAGEMENT_WINDOW_DAYS) }));
        severity += 1 - recent / earlier;
      }
      if (reasons.length) {
        decaying = true;
        decay.push({
          id: f.id,
          name: f.name,
          tier: f.tier,
          ownerId: f.ownerId,
          value: f.value,
          reasons,
          severity: Math.round(severity * 100) / 100,
        });
      }
    }

    // Reviews: overdue, or due within two weeks.
    if (f.lastReview) outcomes[f.lastReview.outcome]++;
    if (f.reviewEvery) {
      const dueAt = f.nextReviewAt ?? f.createdAt + f.reviewEvery * DAY_MS;
      if (dueAt < reviewHorizon) {
        const overdue = dueAt < todayStart;
        reviewRows.push({ id: f.id, name: f.name, tier: f.tier, ownerId: f.ownerId, value: f.value, dueAt, overdue });
        const mine =
          reviewsByOwner.get(owner) ?? reviewsByOwner.set(owner, { ownerId: owner, due: 0, overdue: 0 }).get(owner)!;
        if (overdue) mine.overdue++;
        else mine.due++;
      }
    }

    // Plans: this year's goals; key accounts without a plan for this year.
    const plan = f.plan && f.plan.year >= today.year ? f.plan : null;
    if (plan)
      plan.goals.forEach((g, n) => {
        goals.push({
          key: `${f.id}:${n}`,
          accountId: f.id,
          accountName: f.name,
          title: g.title,
          dueAt: g.dueAt,
          progress: g.progress,
          overdue: g.dueAt !== null && g.dueAt < todayStart && g.progress < 100,
        });
      });
    if (key) {
      if (plan) keyWithPlan++;
      else missing.push(ref(f));
    }

    // The pipeline, per deal owner.
    let openPipeline = 0;
    for (const d of f.deals) {
      if (d.status === 'lost') continue;
      if (d.value === null) {
        unconverted++;
        continue;
      }
      const dealOwner = d.ownerId ?? '';
      const mine =
        pipelineByOwner.get(dealOwner) ??
        pipelineByOwner
          .set(dealOwner, { ownerId: dealOwner, open: 0, weighted: 0, openDeals: 0, quarter: zeroFigures() })
          .get(dealOwner)!;
      const inQuarter = d.closeDate !== null && quarterOf(d.closeDate) === quarter;
      for (const into of [mine, pipelineTotal]) {
        if (d.status === 'open') {
          into.open += d.value;
          into.weighted += (d.value * d.probability) / 100;
          into.openDeals++;
        }
        if (inQuarter) addToFigures(into.quarter, d, d.value, d.probability);
      }
      if (d.status === 'open') openPipeline += d.value;
    }

    // Single-threaded key accounts: in the last year, one person on their side or ours.
    let singleThreaded = false;
    if (key && last !== null && last >= threadFrom) {
      const theirs = f.people.filter((p) => p.last >= threadFrom && p.last <= now);
      const ours = f.team.filter((m) => m.last >= threadFrom && m.last <= now);
      if (isSingleThreaded(theirs.length, ours.length)) {
        singleThreaded = true;
        threads.push({
          id: f.id,
          name: f.name,
          tier: f.tier,
          ownerId: f.ownerId,
          value: f.value,
          theirs: theirs.length === 1 ? theirs[0]!.name : null,
          ours: ours.length === 1 ? ours[0]!.id : null,
          people: theirs.length,
          team: ours.length,
        });
      }
    }

    // Literal fields, not `{ ...ref(f), … }`: a spread before more fields makes V8 build each row slowly (5× the view).
    rows.push({
      id: f.id,
      name: f.name,
      tier: f.tier,
      ownerId: f.ownerId,
      value: f.value,
      kind: f.kind,
      tags: f.tags,
      lastTouch: last,
      daysSince: last === null ? null : Math.max(0, daysAgo(last)),
      covered,
      nextReviewAt: f.reviewEvery ? (f.nextReviewAt ?? f.createdAt + f.reviewEvery * DAY_MS) : null,
      lastOutcome: f.lastReview?.outcome ?? null,
      composite: f.composite,
      decaying,
      singleThreaded,
      openPipeline,
    });
  }

  // The 80/20 picture of the accounts kept, in the team's value order.
  const paretoRows: ParetoRow[] = [];
  let valueTotal = 0;
  for (const i of index.valueOrder) if (keep[i]) valueTotal += Math.max(0, index.facts[i]!.value ?? 0);
  let running = 0;
  for (const i of index.valueOrder) {
    if (!keep[i]) continue;
    const f = index.facts[i]!;
    const value = Math.max(0, f.value ?? 0);
    running += value;
    const suggested = index.byValue.tier[i]!;
    const byScore = tierFromScore(f.composite, scoreThresholds);
    const mismatch: PromptText[] = [];
    if (f.value !== null && suggested !== f.tier)
      mismatch.push(
        text('promptText.mismatch.value', { tier: suggested, share: Math.round(index.byValue.share[i]! * 1000) / 10 }),
      );
    if (byScore !== null && byScore !== f.tier)
      mismatch.push(text('promptText.mismatch.score', { tier: byScore, score: f.composite! }));
    paretoRows.push({
      id: f.id,
      name: f.name,
      tier: f.tier,
      ownerId: f.ownerId,
      value: f.value,
      share: valueTotal > 0 ? value / valueTotal : 0,
      cumulative: valueTotal > 0 ? running / valueTotal : 0,
      byValue: suggested,
      byScore,
      mismatch,
    });
  }

  decay.sort((a, b) => b.severity - a.severity || (b.value ?? 0) - (a.value ?? 0) || byNameThenId(a, b));
  reviewRows.sort((a, b) => a.dueAt - b.dueAt || byNameThenId(a, b));
  const collator = new Intl.Collator();
  goals.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || collator.compare(a.accountName, b.accountName));
  untouched.sort(
    (a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || (b.value ?? 0) - (a.value ?? 0) || byNameThenId(a, b),
  );
  missing.sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || byNameThenId(a, b));
  threads.sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || byNameThenId(a, b));
  const owners = (map: Map<string, CoverageGroup>) =>
    [...map.values()].sort((a, b) => b.accounts - a.accounts || byId(a.key, b.key));
  return {
    accounts: total.accounts,
    keyAccounts,
    coverage: { total, byTier: [...byTier.values()], byOwner: owners(byOwner), untouched },
    decay,
    reviews: {
      byOwner: [...reviewsByOwner.values()].sort(
        (a, b) => b.overdue - a.overdue || b.due - a.due || byId(a.ownerId, b.ownerId),
      ),
      rows: reviewRows,
      outcomes,
    },
    pareto: { rows: paretoRows, total: valueTotal, mismatches: paretoRows.filter((r) => r.mismatch.length > 0) },
    plans: { goals, missing, keyWithPlan },
    pipeline: {
      quarter,
      byOwner: [...pipelineByOwner.values()].sort((a, b) => b.weighted - a.weighted || byId(a.ownerId, b.ownerId)),
      total: pipelineTotal,
      unconverted,
    },
    threads,
    rows,
  };
}
