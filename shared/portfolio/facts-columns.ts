import { accountReview, ACCOUNT_KINDS, DEAL_STATUSES, TIERS, type Account } from '../records';
import type { AccountFacts, DealFacts } from './facts';

/**
 * The portfolio's facts packed in columns for the copy the page saves: every number in a typed
 * array (the browser copies one in a single step when reading it back) and every string once.
 * Reading 20,000 accounts' facts as objects cost ~100 ms of deserializing and as much again in
 * garbage collection (two dozen keys looked up per object, nested lists of objects); the columns
 * are a few dozen values. `packFacts` and `unpackFacts` are exact inverses (tests/unit).
 */
export interface FactsColumns {
  count: number;
  strings: string[];
  /** Per account: id, name, owner, last review's author (string indices; -1 for null). */
  refs: Int32Array;
  /** Per account: value, createdAt, composite, reviewEvery, nextReviewAt, last review's time, contacts (NaN for null). */
  numbers: Float64Array;
  /** Per account: tier, kind (0: none), last review's outcome (0: none), plan (0: none). */
  codes: Uint8Array;
  /** Per account: the plan's year (0 without a plan). */
  planYears: Int32Array;
  tags: Packed<Int32Array>;
  touches: Packed<Float64Array>;
  /** Pairs: at, composite. */
  scores: Packed<Float64Array>;
  /** Their side: name indices, with the times in `peopleLast`. */
  people: Packed<Int32Array>;
  peopleLast: Float64Array;
  /** Our side: member id indices, with the times in `teamLast`. */
  team: Packed<Int32Array>;
  teamLast: Float64Array;
  /** Per goal: title index; `goalNumbers` pairs: due (NaN: none), progress. */
  goals: Packed<Int32Array>;
  goalNumbers: Float64Array;
  /** Per deal: owner, close date (string indices); `dealNumbers` pairs: value (NaN: none), probability; `dealStatus`. */
  deals: Packed<Int32Array>;
  dealNumbers: Float64Array;
  dealStatus: Uint8Array;
}

/** A list per account, back to back: account i's items are `items[ends[i − 1] … ends[i])`. */
export interface Packed<T> {
  items: T;
  ends: Uint32Array;
}

const REFS = 4;
const NUMBERS = 7;
const CODES = 4;
const KINDS: readonly (Account['kind'] & string)[] = ACCOUNT_KINDS;
const OUTCOMES = accountReview.shape.outcome.options;

/** One columns builder: strings by index, lists with their ends. */
class Packer {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  ref(s: string | null): number {
    if (s === null) return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.index.set(s, i);
    }
    return i;
  }
}

const orNaN = (n: number | null) => (n === null ? Number.NaN : n);
const orNull = (n: number) => (Number.isNaN(n) ? null : n);

function packed<T extends Int32Array | Float64Array>(
  make: (items: number[]) => T,
  facts: readonly AccountFacts[],
  each: (f: AccountFacts, items: number[]) => void,
): Packed<T> {
  const items: number[] = [];
  const ends = new Uint32Array(facts.length);
  facts.forEach((f, i) => {
    // Pushed one by one: an account with 100,000 touches would overflow a spread's arguments.
    each(f, items);
    ends[i] = items.length;
  });
  return { items: make(items), ends };
}
const ints = (items: number[]) => Int32Array.from(items);
const floats = (items: number[]) => Float64Array.from(items);

export function packFacts(facts: readonly AccountFacts[]): FactsColumns {
  const p = new Packer();
  const n = facts.length;
  const refs = new Int32Array(n * REFS);
  const numbers = new Float64Array(n * NUMBERS);
  const codes = new Uint8Array(n * CODES);
  const planYears = new Int32Array(n);
  facts.forEach((f, i) => {
    const r = i * REFS;
    refs[r] = p.ref(f.id);
    refs[r + 1] = p.ref(f.name);
    refs[r + 2] = p.ref(f.ownerId);
    refs[r + 3] = p.ref(f.lastReview?.by ?? null);
    const x = i * NUMBERS;
    numbers[x] = orNaN(f.value);
    numbers[x + 1] = f.createdAt;
    numbers[x + 2] = orNaN(f.composite);
    numbers[x + 3] = orNaN(f.reviewEvery);
    numbers[x + 4] = orNaN(f.nextReviewAt);
    numbers[x + 5] = orNaN(f.lastReview?.at ?? null);
    numbers[x + 6] = f.contacts;
    const k = i * CODES;
    codes[k] = TIERS.indexOf(f.tier);
    codes[k + 1] = f.kind === null ? 0 : KINDS.indexOf(f.kind) + 1;
    codes[k + 2] = f.lastReview ? OUTCOMES.indexOf(f.lastReview.outcome) + 1 : 0;
    codes[k + 3] = f.plan ? 1 : 0;
    planYears[i] = f.plan?.year ?? 0;
  });
  const peopleLast: number[] = [];
  const teamLast: number[] = [];
  const goalNumbers: number[] = [];
  const dealNumbers: number[] = [];
  const dealStatus: number[] = [];
  const columns: FactsColumns = {
    count: n,
    strings: p.strings,
    refs,
    numbers,
    codes,
    planYears,
    tags: packed(ints, facts, (f, items) => {
      for (const t of f.tags) items.push(p.ref(t));
    }),
    touches: packed(floats, facts, (f, items) => {
      for (const t of f.touches) items.push(t);
    }),
    scores: packed(floats, facts, (f, items) => {
      for (const x of f.scores) items.push(x.at, x.composite);
    }),
    people: packed(ints, facts, (f, items) => {
      for (const x of f.people) {
        items.push(p.ref(x.name));
        peopleLast.push(x.last);
      }
    }),
    peopleLast: new Float64Array(0),
    team: packed(ints, facts, (f, items) => {
      for (const x of f.team) {
        items.push(p.ref(x.id));
        teamLast.push(x.last);
      }
    }),
    teamLast: new Float64Array(0),
    goals: packed(ints, facts, (f, items) => {
      for (const g of f.plan?.goals ?? []) {
        items.push(p.ref(g.title));
        goalNumbers.push(orNaN(g.dueAt), g.progress);
      }
    }),
    goalNumbers: new Float64Array(0),
    deals: packed(ints, facts, (f, items) => {
      for (const d of f.deals) {
        items.push(p.ref(d.ownerId), p.ref(d.closeDate));
        dealNumbers.push(orNaN(d.value), d.probability);
        dealStatus.push(DEAL_STATUSES.indexOf(d.status));
      }
    }),
    dealNumbers: new Float64Array(0),
    dealStatus: new Uint8Array(0),
  };
  columns.peopleLast = Float64Array.from(peopleLast);
  columns.teamLast = Float64Array.from(teamLast);
  columns.goalNumbers = Float64Array.from(goalNumbers);
  columns.dealNumbers = Float64Array.from(dealNumbers);
  columns.dealStatus = Uint8Array.from(dealStatus);
  return columns;
}

/** Thrown for columns that do not fit together (a copy from another build, or damaged): read everything again. */
export class DamagedColumnsError extends Error {}

export function unpackFacts(c: FactsColumns): AccountFacts[] {
  const n = c.count;
  const lists = [c.tags, c.touches, c.scores, c.people, c.team, c.goals, c.deals];
  if (
    !Number.isInteger(n) ||
    c.refs.length !== n * REFS ||
    c.numbers.length !== n * NUMBERS ||
    c.codes.length !== n * CODES ||
    c.planYears.length !== n ||
    lists.some((l) => l.ends.length !== n || (n > 0 && l.ends[n - 1] !== l.items.length)) ||
    c.peopleLast.length !== c.people.items.length ||
    c.teamLast.length !== c.team.items.length ||
    c.goalNumbers.length !== c.goals.items.length * 2 ||
    c.dealNumbers.length !== c.deals.items.length ||
    c.dealStatus.length * 2 !== c.deals.items.length
  )
    throw new DamagedColumnsError('the saved portfolio columns do not fit together');
  const s = c.strings;
  const str = (i: number): string => {
    const v = s[i];
    if (v === undefined) throw new DamagedColumnsError(`no saved string ${i}`);
    return v;
  };
  const strOrNull = (i: number) => (i < 0 ? null : str(i));
  const facts = new Array<AccountFacts>(n);
  for (let i = 0; i < n; i++) {
    const r = i * REFS;
    const x = i * NUMBERS;
    const k = i * CODES;
    const from = (l: Packed<unknown>) => (i === 0 ? 0 : l.ends[i - 1]!);
    const tier = TIERS[c.codes[k]!];
    if (!tier) throw new DamagedColumnsError(`no tier ${c.codes[k]}`);
    const outcome = c.codes[k + 2]! ? OUTCOMES[c.codes[k + 2]! - 1] : undefined;
    const reviewBy = strOrNull(c.refs[r + 3]!);

    const tags: string[] = [];
    for (let j = from(c.tags); j < c.tags.ends[i]!; j++) tags.push(str(c.tags.items[j]!));
    // A plain loop: Array.from over a typed array walks an iterator (10× slower for 200,000 touches).
    const touches: number[] = [];
    for (let j = from(c.touches); j < c.touches.ends[i]!; j++) touches.push(c.touches.items[j]!);
    const scores: AccountFacts['scores'] = [];
    for (let j = from(c.scores); j < c.scores.ends[i]!; j += 2)
      scores.push({ at: c.scores.items[j]!, composite: c.scores.items[j + 1]! });
    const people: AccountFacts['people'] = [];
    for (let j = from(c.people); j < c.people.ends[i]!; j++)
      people.push({ name: str(c.people.items[j]!), last: c.peopleLast[j]! });
    const team: AccountFacts['team'] = [];
    for (let j = from(c.team); j < c.team.ends[i]!; j++) team.push({ id: str(c.team.items[j]!), last: c.teamLast[j]! });
    const goals: NonNullable<AccountFacts['plan']>['goals'] = [];
    for (let j = from(c.goals); j < c.goals.ends[i]!; j++)
      goals.push({
        title: str(c.goals.items[j]!),
        dueAt: orNull(c.goalNumbers[j * 2]!),
        progress: c.goalNumbers[j * 2 + 1]!,
      });
    const deals: DealFacts[] = [];
    for (let j = from(c.deals); j < c.deals.ends[i]!; j += 2) {
      const d = j / 2;
      const status = DEAL_STATUSES[c.dealStatus[d]!];
      if (!status) throw new DamagedColumnsError(`no deal status ${c.dealStatus[d]}`);
      deals.push({
        ownerId: strOrNull(c.deals.items[j]!),
        status,
        closeDate: strOrNull(c.deals.items[j + 1]!),
        value: orNull(c.dealNumbers[j]!),
        probability: c.dealNumbers[j + 1]!,
      });
    }
    facts[i] = {
      id: str(c.refs[r]!),
      name: str(c.refs[r + 1]!),
      tier,
      kind: c.codes[k + 1]! ? (KINDS[c.codes[k + 1]! - 1] ?? null) : null,
      ownerId: strOrNull(c.refs[r + 2]!),
      tags,
      value: orNull(c.numbers[x]!),
      createdAt: c.numbers[x + 1]!,
      composite: orNull(c.numbers[x + 2]!),
      scores,
      reviewEvery: orNull(c.numbers[x + 3]!),
      nextReviewAt: orNull(c.numbers[x + 4]!),
      lastReview: outcome && reviewBy !== null ? { at: c.numbers[x + 5]!, by: reviewBy, outcome } : null,
      touches,
      people,
      team,
      contacts: c.numbers[x + 6]!,
      plan: c.codes[k + 3]! ? { year: c.planYears[i]!, goals } : null,
      deals,
    };
  }
  return facts;
}
