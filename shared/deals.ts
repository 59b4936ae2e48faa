import {
  calendarDay,
  DEFAULT_PIPELINES,
  LIMITS,
  type Deal,
  type DealStatus,
  type Pipeline,
  type PipelineStage,
  type Settings,
  type StageEntry,
} from './records';

/**
 * Deals' rules, pure and shared (the board, the margin, the forecast and the prompts read them the
 * same way): where a deal stands in its pipeline, what it is worth and how likely, and what a move
 * or a close writes.
 */

export const pipelinesOf = (settings: Settings | undefined): readonly Pipeline[] =>
  settings?.pipelines?.length ? settings.pipelines : DEFAULT_PIPELINES;

export interface DealPlace {
  pipeline: Pipeline;
  stage: PipelineStage;
  /** The stage's position in its pipeline (0 first). */
  index: number;
  /** True when the deal's own stage (or pipeline) was removed and it is shown where it last was. */
  moved: boolean;
}

/**
 * Where a deal stands. A stage or pipeline the team removed (on another device, before this one
 * moved the deals out) never loses a deal: it shows in the last stage of its history that still
 * exists, else the pipeline's first stage.
 */
export function placeOf(
  deal: Pick<Deal, 'pipelineId' | 'stageId' | 'stageHistory'>,
  pipelines: readonly Pipeline[],
): DealPlace {
  const list = pipelines.length ? pipelines : DEFAULT_PIPELINES;
  const own = list.find((p) => p.id === deal.pipelineId);
  const pipeline = own ?? (list[0] as Pipeline);
  const at = (stageId: string) => pipeline.stages.findIndex((s) => s.id === stageId);
  let index = at(deal.stageId);
  if (index >= 0 && own) return { pipeline, stage: pipeline.stages[index] as PipelineStage, index, moved: false };
  if (index < 0) {
    for (let i = deal.stageHistory.length - 1; i >= 0 && index < 0; i--)
      index = at(deal.stageHistory[i]?.stageId ?? '');
    if (index < 0) index = 0;
  }
  return { pipeline, stage: pipeline.stages[index] as PipelineStage, index, moved: true };
}

/** What the deal's lines add up to (quantity × price). */
export function linesTotal(deal: Pick<Deal, 'lines'>): number {
  return deal.lines.reduce((sum, line) => sum + line.quantity * line.price, 0);
}

/** The deal's amount: as set, else what its lines add up to, else nothing (null). */
export function dealAmount(deal: Pick<Deal, 'amount' | 'lines'>): number | null {
  if (deal.amount !== null) return deal.amount;
  return deal.lines.length ? linesTotal(deal) : null;
}

/** The chance it is won, 0–100: won 100, lost 0, else its own or its stage's. */
export function probabilityOf(deal: Deal, pipelines: readonly Pipeline[]): number {
  if (deal.status === 'won') return 100;
  if (deal.status === 'lost') return 0;
  return deal.probability ?? placeOf(deal, pipelines).stage.probability;
}

/** When the deal entered the stage it is in (its creation when the history does not say). */
export function enteredStageAt(deal: Deal): number {
  for (let i = deal.stageHistory.length - 1; i >= 0; i--) {
    const entry = deal.stageHistory[i] as StageEntry;
    if (entry.stageId === deal.stageId) return entry.at;
  }
  return deal.createdAt;
}

/** A quarter's key, `2026-Q4`, of a calendar day `YYYY-MM-DD`. */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The quarter after (n = 1) or before (n = -1) one. */
export function shiftQuarter(quarter: string, n: number): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6)) - 1 + n;
  const y = year + Math.floor(q / 4);
  return `${y}-Q${(((q % 4) + 4) % 4) + 1}`;
}

/** An amount in the team's currency: as is, converted by the team's rate, or null when there is no rate. */
export function inTeamCurrency(
  value: number,
  currency: string,
  settings: Pick<Settings, 'currency' | 'currencyRates'>,
): number | null {
  if (currency === settings.currency) return value;
  const rate = settings.currencyRates[currency];
  return rate ? value * rate : null;
}

function appendEntry(history: readonly StageEntry[], entry: StageEntry): StageEntry[] {
  return [...history, entry].slice(-LIMITS.listItems);
}

export interface By {
  memberId: string;
  now: number;
}

/**
 * The patch that moves a deal to a stage (of its pipeline, or another): the history records when it
 * entered. Moving a won or lost deal back onto the board reopens it.
 */
export function movePatch(deal: Deal, target: { pipelineId: string; stageId: string }, by: By): Partial<Deal> | null {
  const same = deal.pipelineId === target.pipelineId && deal.stageId === target.stageId;
  if (same && deal.status === 'open') return null;
  return {
    pipelineId: target.pipelineId,
    stageId: target.stageId,
    ...(same
      ? {}
      : { stageHistory: appendEntry(deal.stageHistory, { at: by.now, by: by.memberId, stageId: target.stageId }) }),
    ...(deal.status !== 'open' ? { status: 'open' as const, closedAt: null, closeReason: '' } : {}),
  };
}

/** The patch that closes a deal as won or lost, with the reason; won deals close today unless dated already. */
export function closePatch(
  deal: Deal,
  outcome: Exclude<DealStatus, 'open'>,
  reason: string,
  by: By,
  today: string,
): Partial<Deal> {
  // A clock far off (a day outside the calendar's range) keeps the date the deal had rather than fail the close.
  const day = calendarDay.safeParse(today).success ? today : deal.closeDate;
  return {
    status: outcome,
    closedAt: by.now,
    closeReason: reason.trim().slice(0, LIMITS.mediumText),
    closeDate: outcome === 'won' || !deal.closeDate ? day : deal.closeDate,
  };
}

export interface ForecastFigures {
  /** Won, closing in the quarter. */
  committed: number;
  /** Won plus each open deal's amount × its probability. */
  weighted: number;
  /** Won plus every open deal closing in the quarter. */
  bestCase: number;
  /** How many deals the figures count. */
  deals: number;
}

export interface Forecast {
  quarter: string;
  currency: string;
  total: ForecastFigures;
  /** Per owner (member id, or '' for deals nobody owns). */
  byOwner: Map<string, ForecastFigures>;
  /** Deals in currencies the team set no rate for, summed apart per currency. */
  apart: Map<string, ForecastFigures>;
  target: number | null;
  /** Open deals with no close date: in no quarter's forecast. */
  undated: number;
}

export const zeroFigures = (): ForecastFigures => ({ committed: 0, weighted: 0, bestCase: 0, deals: 0 });
const zero = zeroFigures;

/** One deal (not lost) added to a forecast's figures: won counts in full, open by its chance. */
export function addToFigures(
  into: ForecastFigures,
  deal: { status: DealStatus },
  value: number,
  probability: number,
): void {
  into.deals++;
  if (deal.status === 'won') {
    into.committed += value;
    into.weighted += value;
    into.bestCase += value;
  } else {
    into.weighted += (value * probability) / 100;
    into.bestCase += value;
  }
}

/**
 * A quarter's forecast from the deals closing in it (lost ones count for nothing), in the team's
 * currency; `ownerId` narrows it to one rep's deals.
 */
export function forecast(
  deals: Iterable<Deal>,
  settings: Pick<Settings, 'currency' | 'currencyRates' | 'forecastTargets'> & { pipelines: readonly Pipeline[] },
  quarter: string,
  options: { ownerId?: string | null } = {},
): Forecast {
  const result: Forecast = {
    quarter,
    currency: settings.currency,
    total: zero(),
    byOwner: new Map(),
    apart: new Map(),
    target: settings.forecastTargets[quarter] ?? null,
    undated: 0,
  };
  for (const deal of deals) {
    if (deal.deleted || deal.status === 'lost') continue;
    if (options.ownerId !== undefined && deal.ownerId !== options.ownerId) continue;
    if (!deal.closeDate) {
      if (deal.status === 'open') result.undated++;
      continue;
    }
    if (quarterOf(deal.closeDate) !== quarter) continue;
    const raw = dealAmount(deal) ?? 0;
    const probability = probabilityOf(deal, settings.pipelines);
    const value = inTeamCurrency(raw, deal.currency, settings);
    if (value === null) {
      let apart = result.apart.get(deal.currency);
      if (!apart) {
        apart = zero();
        result.apart.set(deal.currency, apart);
      }
      addToFigures(apart, deal, raw, probability);
      continue;
    }
    addToFigures(result.total, deal, value, probability);
    const owner = deal.ownerId ?? '';
    let mine = result.byOwner.get(owner);
    if (!mine) {
      mine = zero();
      result.byOwner.set(owner, mine);
    }
    addToFigures(mine, deal, value, probability);
  }
  return result;
}

/** Open deals first by close date (undated last), then the rest by when they closed, newest first. */
export function dealOrder(a: Deal, b: Deal): number {
  if (a.status === 'open' && b.status !== 'open') return -1;
  if (b.status === 'open' && a.status !== 'open') return 1;
  if (a.status === 'open') {
    const x = a.closeDate ?? '9999';
    const y = b.closeDate ?? '9999';
    return x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
  }
  return (b.closedAt ?? 0) - (a.closedAt ?? 0);
}
