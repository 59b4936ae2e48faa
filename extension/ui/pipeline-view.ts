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
 * soonest first) and totals. A deal whose stage was removed shows where placeOf puts it.
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
  const firstId = pipelines[0]?.id;
  const known = new Set(pipelines.map((p) => p.id));
  for (const deal of deals) {
    if (deal.status !== 'open' || deal.deleted) continue;
    // Deals of a removed pipeline show on the first one (placeOf's rule).
    const own = known.has(deal.pipelineId) ? deal.pipelineId : firstId;
    if (own !== pipeline.id || !keep(deal)) continue;
    const place = placeOf(deal, pipelines);
    const column = columns[place.index];
    if (!column) continue;
    column.deals.push(deal);
    const value = inTeamCurrency(dealAmount(deal) ?? 0, deal.currency, settings);
    if (value === null) column.unconverted++;
    else {
      column.total += value;
      // An open deal's chance: its own, or its stage's (probabilityOf, with the place found once).
      column.weighted += (value * (deal.probability ?? place.stage.probability)) / 100;
    }
  }
  const rank = nameRanks(columns.flatMap((c) => c.deals));
  const byCloseDate = (a: Deal, b: Deal): number => {
    // ISO days sort as plain strings: no locale comparison for the thousands of cards a column may hold.
    const x = a.closeDate ?? '9999';
    const y = b.closeDate ?? '9999';
    return x < y ? -1 : x > y ? 1 : (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0);
  };
  for (const column of columns) column.deals.sort(byCloseDate);
  return columns;
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
