import { dealAmount, enteredStageAt, inTeamCurrency, placeOf, probabilityOf, quarterOf } from '../../shared/deals';
import type { Deal, Pipeline, Settings, Tier } from '../../shared/records';
import { DAY_MS } from '../../shared/calendar';

/**
 * The pipeline page's views of the deals, pure so the board, the list, tests and the benchmark
 * compute them the same way: the filters, the columns with their totals, the sort, the staleness mark.
 */

export interface DealFilter {
  /** A member id, '' for deals nobody owns, or 'all'. */
  owner: string;
  tier: Tier | 'all';
  pipelineId: string;
  /** `2026-Q4`, 'none' for undated deals, or 'all'. */
  quarter: string;
}

export function matchesFilter(
  deal: Deal,
  account: { tier: Tier } | undefined,
  filter: Omit<DealFilter, 'pipelineId'>,
): boolean {
  if (deal.deleted) return false;
  if (filter.owner !== 'all' && (deal.ownerId ?? '') !== filter.owner) return false;
  if (filter.tier !== 'all' && account?.tier !== filter.tier) return false;
  if (filter.quarter === 'none') return deal.closeDate === null;
  if (filter.quarter !== 'all') return deal.closeDate !== null && quarterOf(deal.closeDate) === filter.quarter;
  return true;
}

/** Days since anything happened with the deal: entering its stage, or its account's last touch after that. */
export function idleDays(deal: Deal, lastTouch: number | undefined, now: number): number {
  const since = Math.max(enteredStageAt(deal), lastTouch ?? 0);
  return Math.floor((now - since) / DAY_MS);
}

export interface Column {
  stageId: string;
  name: string;
  probability: number;
  deals: Deal[];
  /** In the team's currency; deals in a currency without a rate are counted apart. */
  total: number;
  weighted: number;
  unconverted: number;
}

/**
 * The board's columns for one pipeline: its stages in order, each with its open deals (closing
 * soonest first, then by name, then by id) and totals. A deal whose stage was removed shows where
 * placeOf puts it.
 */
export function boardColumns(
  deals: Iterable<Deal>,
  pipeline: Pipeline,
  pipelines: readonly Pipeline[],
  settings: Pick<Settings, 'currency' | 'currencyRates'>,
  keep: (deal: Deal) => boolean,
): Column[] {
  const columns: Column[] = pipeline.stages.map((s) => ({
    stageId: s.id,
    name: s.name,
    probability: s.probability,
    deals: [],
    total: 0,
    weighted: 0,
    unconverted: 0,
  }));
  const placement = placer(pipeline, pipelines, keep);
  for (const deal of deals) {
    const index = placement(deal);
    if (index !== null) columns[index]!.deals.push(deal);
  }
  const order = cardOrder(nameRanks(columns.flatMap((c) => c.deals)));
  for (const column of columns) {
    column.deals.sort(order);
    addTotals(column, pipeline, pipelines, settings);
  }
  return columns;
}

/** The column a deal's card is in on this pipeline's board (the filter applied), or null. */
function placer(pipeline: Pipeline, pipelines: readonly Pipeline[], keep: (deal: Deal) => boolean) {
  const firstId = pipelines[0]?.id;
  const known = new Set(pipelines.map((p) => p.id));
  return (deal: Deal): number | null => {
    if (deal.status !== 'open' || deal.deleted) return null;
    // Deals of a removed pipeline show on the first one (placeOf's rule).
    const own = known.has(deal.pipelineId) ? deal.pipelineId : firstId;
    if (own !== pipeline.id || !keep(deal)) return null;
    const index = placeOf(deal, pipelines).index;
    return index >= 0 && index < pipeline.stages.length ? index : null;
  };
}

/** Closing soonest first; ties by name (in the language's order), then by id, so every order is the same. */
function cardOrder(rank: ReadonlyMap<string, number>) {
  return (a: Deal, b: Deal): number => {
    // ISO days sort as plain strings: no locale comparison for the thousands of cards a column may hold.
    const x = a.closeDate ?? '9999';
    const y = b.closeDate ?? '9999';
    if (x !== y) return x < y ? -1 : 1;
    const byName = (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0);
    if (byName) return byName;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** A column's totals, summed over its cards in their order (a patched column sums the same way as a new one). */
function addTotals(
  column: Column,
  pipeline: Pipeline,
  pipelines: readonly Pipeline[],
  settings: Pick<Settings, 'currency' | 'currencyRates'>,
) {
  column.total = 0;
  column.weighted = 0;
  column.unconverted = 0;
  const stage = pipeline.stages.find((s) => s.id === column.stageId);
  for (const deal of column.deals) {
    const value = inTeamCurrency(dealAmount(deal) ?? 0, deal.currency, settings);
    if (value === null) column.unconverted++;
    else {
      column.total += value;
      // An open deal's chance: its own, or its stage's (a deal of a removed stage: where placeOf put it).
      column.weighted += (value * (deal.probability ?? (stage ?? placeOf(deal, pipelines).stage).probability)) / 100;
    }
  }
}

/** At most this many changed deals are patched into the last columns; more, and they are built anew. */
const PATCH_LIMIT = 64;

/**
 * `boardColumns`, remembering its last answer: when the deals differ from last time in a few
 * places (a card moved, a sync brought a change) and nothing else changed, only those cards are
 * taken out and put back, by binary search, and only their columns are summed again. A move on a
 * board of 20,000 deals built every column again (23 ms of each move). `keepDeps` are what the
 * filter depends on: the same values, the same filter.
 */
export function boardColumnsCache() {
  let last: {
    deals: readonly Deal[];
    pipeline: Pipeline;
    pipelines: readonly Pipeline[];
    settings: Pick<Settings, 'currency' | 'currencyRates'>;
    keepDeps: readonly unknown[];
    columns: Column[];
  } | null = null;
  return (
    deals: readonly Deal[],
    pipeline: Pipeline,
    pipelines: readonly Pipeline[],
    settings: Pick<Settings, 'currency' | 'currencyRates'>,
    keep: (deal: Deal) => boolean,
    keepDeps: readonly unknown[],
  ): Column[] => {
    const same =
      last !== null &&
      last.pipeline === pipeline &&
      last.pipelines === pipelines &&
      last.settings.currency === settings.currency &&
      sameRates(last.settings.currencyRates, settings.currencyRates) &&
      last.keepDeps.length === keepDeps.length &&
      last.keepDeps.every((d, i) => Object.is(d, keepDeps[i]));
    if (last && same && last.deals === deals) return last.columns;
    const columns =
      last && same ? patchColumns(last.columns, last.deals, deals, pipeline, pipelines, settings, keep) : null;
    last = {
      deals,
      pipeline,
      pipelines,
      settings,
      keepDeps,
      columns: columns ?? boardColumns(deals, pipeline, pipelines, settings, keep),
    };
    return last.columns;
  };
}

/** The same rates (a page may hand a new but equal object each render). */
function sameRates(a: Settings['currencyRates'], b: Settings['currencyRates']): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The columns with the deals that changed between `before` and `after` (same length, same order) moved; null when that does not apply. */
function patchColumns(
  columns: readonly Column[],
  before: readonly Deal[],
  after: readonly Deal[],
  pipeline: Pipeline,
  pipelines: readonly Pipeline[],
  settings: Pick<Settings, 'currency' | 'currencyRates'>,
  keep: (deal: Deal) => boolean,
): Column[] | null {
  if (before.length !== after.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    // Same order: a changed deal keeps its place in the list (a new or removed one changes the length).
    if (before[i]!.id !== after[i]!.id || changed.push(i) > PATCH_LIMIT) return null;
  }
  // A name the ranks do not know reorders ties everywhere: build anew.
  if (changed.some((i) => !ranked.has(after[i]!.name))) return null;
  const placement = placer(pipeline, pipelines, keep);
  const order = cardOrder(ranked);
  const next = columns.map((c) => ({ ...c }));
  const touched = new Set<number>();
  const own = (index: number) => {
    if (!touched.has(index)) {
      touched.add(index);
      next[index]!.deals = next[index]!.deals.slice();
    }
    return next[index]!.deals;
  };
  for (const i of changed) {
    const old = before[i]!;
    const from = placement(old);
    if (from !== null) {
      const list = own(from);
      const at = list.indexOf(old, lowerBound(list, old, order));
      if (at < 0) return null; // not where it should be: build anew
      list.splice(at, 1);
    }
    const deal = after[i]!;
    const to = placement(deal);
    if (to !== null) {
      const list = own(to);
      list.splice(lowerBound(list, deal, order), 0, deal);
    }
  }
  for (const index of touched) addTotals(next[index]!, pipeline, pipelines, settings);
  return next;
}

/** The first place in the sorted `list` whose card does not come before `deal`. */
function lowerBound(list: readonly Deal[], deal: Deal, order: (a: Deal, b: Deal) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(list[mid]!, deal) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Each deal name's place in the language's alphabetical order, for the columns' ties. Sorting
 * thousands of cards with a collator on every redraw was a card move's largest cost; the names
 * rarely change, so their order is worked out again only when a name it does not know turns up.
 */
let ranked = new Map<string, number>();
function nameRanks(deals: readonly Deal[]): ReadonlyMap<string, number> {
  if (deals.every((d) => ranked.has(d.name))) return ranked;
  // Names seen before are kept (a rename back and forth costs nothing), unless they far outnumber today's.
  const kept = ranked.size > 2 * deals.length + 1_000 ? [] : [...ranked.keys()];
  const unique = [...new Set([...kept, ...deals.map((d) => d.name)])].sort(names.compare);
  ranked = new Map(unique.map((name, i) => [name, i]));
  return ranked;
}

/** One collator for every tie: `localeCompare` builds its comparison afresh on each call, thousands per column. */
const names = new Intl.Collator();

export type SortKey = 'name' | 'account' | 'stage' | 'amount' | 'closeDate' | 'probability' | 'owner' | 'idle';

export interface DealRow {
  deal: Deal;
  accountName: string;
  stage: string;
  stageIndex: number;
  /** In the team's currency, or null without a rate (sorted last). */
  value: number | null;
  probability: number;
  ownerName: string;
  idle: number;
}

export function dealRows(
  deals: Iterable<Deal>,
  context: {
    pipelines: readonly Pipeline[];
    settings: Pick<Settings, 'currency' | 'currencyRates'>;
    accounts: ReadonlyMap<string, { name: string }>;
    lastTouch: ReadonlyMap<string, number>;
    memberName: (id: string | null) => string;
    now: number;
  },
  keep: (deal: Deal) => boolean,
): DealRow[] {
  const rows: DealRow[] = [];
  for (const deal of deals) {
    if (deal.deleted || !keep(deal)) continue;
    const place = placeOf(deal, context.pipelines);
    rows.push({
      deal,
      accountName: context.accounts.get(deal.accountId)?.name ?? '',
      stage: place.stage.name,
      stageIndex: place.index,
      value: inTeamCurrency(dealAmount(deal) ?? 0, deal.currency, context.settings),
      probability: probabilityOf(deal, context.pipelines),
      ownerName: context.memberName(deal.ownerId),
      idle: idleDays(deal, context.lastTouch.get(deal.accountId), context.now),
    });
  }
  return rows;
}

export function sortRows(rows: DealRow[], key: SortKey, direction: 1 | -1): DealRow[] {
  const text = names.compare;
  // Ids and ISO days compare as plain strings (much quicker than a locale comparison).
  const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const compare: Record<SortKey, (a: DealRow, b: DealRow) => number> = {
    name: (a, b) => text(a.deal.name, b.deal.name),
    account: (a, b) => text(a.accountName, b.accountName),
    stage: (a, b) => a.stageIndex - b.stageIndex,
    amount: (a, b) => (a.value ?? -1) - (b.value ?? -1),
    closeDate: (a, b) => plain(a.deal.closeDate ?? '9999', b.deal.closeDate ?? '9999'),
    probability: (a, b) => a.probability - b.probability,
    owner: (a, b) => text(a.ownerName, b.ownerName),
    idle: (a, b) => a.idle - b.idle,
  };
  const by = compare[key];
  return rows.sort((a, b) => by(a, b) * direction || plain(a.deal.id, b.deal.id));
}

/** The close quarters the deals fall in, in order, for the filter. */
export function quartersOf(deals: Iterable<Deal>): string[] {
  const seen = new Set<string>();
  for (const deal of deals) if (deal.closeDate && !deal.deleted) seen.add(quarterOf(deal.closeDate));
  return [...seen].sort();
}

/** Each account's latest interaction (its people's too), for the staleness mark. */
export function lastTouchByAccount(
  interactions: Iterable<{ at: number; subjectIds: readonly string[]; deleted: boolean }>,
  accountOfContact: ReadonlyMap<string, string>,
): Map<string, number> {
  const last = new Map<string, number>();
  for (const i of interactions) {
    if (i.deleted) continue;
    for (const id of i.subjectIds) {
      const account = accountOfContact.get(id) ?? id;
      const seen = last.get(account);
      if (seen === undefined || seen < i.at) last.set(account, i.at);
    }
  }
  return last;
}
