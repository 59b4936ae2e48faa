import { dealAmount, inTeamCurrency, pipelinesOf, probabilityOf } from '../deals';
import type { Account, AccountReview, Contact, Deal, DealStatus, Interaction, Plan, Settings, Tier } from '../records';
import { scoreAccount } from '../scorecard';

/**
 * What the portfolio review reads of each account, boiled down once from the cache: the account's
 * own fields, every moment anyone on the team touched it or its people, who on each side took part,
 * its latest plan and its deals. Nothing here depends on today's date, so a saved copy stays right
 * as days pass (the view applies the clock); it is rebuilt when the records it comes from change.
 * Notes are not read at all: a private note can never count or show.
 */
export interface AccountFacts {
  id: string;
  name: string;
  tier: Tier;
  kind: Account['kind'];
  ownerId: string | null;
  tags: string[];
  /** The account's yearly value (its revenue), the 80/20 picture's measure. */
  value: number | null;
  createdAt: number;
  /** The composite scorecard score (0–10) with the team's scorecard; null when unscored. */
  composite: number | null;
  /** The score history's composites, oldest first (the last few kept). */
  scores: { at: number; composite: number }[];
  reviewEvery: number | null;
  nextReviewAt: number | null;
  lastReview: { at: number; by: string; outcome: AccountReview['outcome'] } | null;
  /** Every interaction with the account or its people, ascending (one per interaction). */
  touches: number[];
  /** Their side: the two of the account's people who took part in an interaction most recently, and when. */
  people: { name: string; last: number }[];
  /** Our side: the two members who logged an interaction with it most recently, and when. */
  team: { id: string; last: number }[];
  /** The account's people (live contacts). */
  contacts: number;
  /** The latest year's plan, if any. */
  plan: { year: number; goals: { title: string; dueAt: number | null; progress: number }[] } | null;
  deals: DealFacts[];
}

/** A deal as the portfolio sums it: its value in the team's currency (null without a rate) and its chance. */
export interface DealFacts {
  ownerId: string | null;
  status: DealStatus;
  closeDate: string | null;
  /** In the team's currency; null when the team set no rate for the deal's currency. */
  value: number | null;
  probability: number;
}

export interface PortfolioData {
  accounts: readonly Account[];
  contacts: readonly Contact[];
  interactions: readonly Interaction[];
  plans: readonly Plan[];
  deals: readonly Deal[];
  settings: Settings | undefined;
}

const SCORES_KEPT = 6;

/** Per account, its facts, highest value first; accounts, contacts and the rest that are deleted are left out. */
export function buildFacts(data: PortfolioData): AccountFacts[] {
  const settings = data.settings && !data.settings.deleted ? data.settings : undefined;
  const scorecard = settings?.scorecard ?? [];
  const byId = new Map<string, AccountFacts>();
  for (const a of data.accounts) {
    if (a.deleted) continue;
    byId.set(a.id, accountFacts(a, scorecard));
  }
  // Contact → its account, for the interactions that name only people.
  const accountOfContact = new Map<string, AccountFacts>();
  const contactById = new Map<string, Contact>();
  for (const c of data.contacts) {
    if (c.deleted || !c.accountId) continue;
    const facts = byId.get(c.accountId);
    if (!facts) continue;
    facts.contacts++;
    accountOfContact.set(c.id, facts);
    contactById.set(c.id, c);
  }
  const people = new Map<AccountFacts, Map<string, { id: string; name: string; last: number }>>();
  const team = new Map<AccountFacts, Map<string, number>>();
  const touched = new Set<AccountFacts>();
  for (const i of data.interactions) {
    if (i.deleted) continue;
    touched.clear();
    for (const id of i.subjectIds) {
      const own = byId.get(id);
      if (own) touched.add(own);
      const viaContact = accountOfContact.get(id);
      if (viaContact) {
        touched.add(viaContact);
        let theirs = people.get(viaContact);
        if (!theirs) {
          theirs = new Map();
          people.set(viaContact, theirs);
        }
        const seen = theirs.get(id);
        if (!seen) theirs.set(id, { id, name: contactById.get(id)!.name, last: i.at });
        else if (i.at > seen.last) seen.last = i.at;
      }
    }
    for (const facts of touched) {
      facts.touches.push(i.at);
      if (!i.createdBy) continue;
      let ours = team.get(facts);
      if (!ours) {
        ours = new Map();
        team.set(facts, ours);
      }
      const last = ours.get(i.createdBy);
      if (last === undefined || i.at > last) ours.set(i.createdBy, i.at);
    }
  }
  // The two latest on each side are all the single-threaded rule needs (two within the year, or not).
  for (const [facts, theirs] of people)
    facts.people = latestTwo([...theirs.values()]).map(({ name, last }) => ({ name, last }));
  for (const [facts, ours] of team) facts.team = latestTwo([...ours].map(([id, last]) => ({ id, last })));
  for (const facts of byId.values()) if (facts.touches.length > 1) facts.touches.sort((x, y) => x - y);

  for (const p of data.plans) {
    if (p.deleted) continue;
    const facts = byId.get(p.accountId);
    if (!facts || (facts.plan && facts.plan.year >= p.year)) continue;
    facts.plan = {
      year: p.year,
      goals: p.goals.map((g) => ({ title: g.title, dueAt: g.dueAt, progress: g.progress })),
    };
  }
  const pipelines = pipelinesOf(settings);
  const money = { currency: settings?.currency ?? 'EUR', currencyRates: settings?.currencyRates ?? {} };
  for (const d of data.deals) {
    if (d.deleted) continue;
    byId.get(d.accountId)?.deals.push(dealFacts(d, pipelines, money));
  }
  // In value order (ties by id), the 80/20 ranking's order: the page then ranks them in one pass.
  const byValue = (f: AccountFacts) => (f.value !== null && Number.isFinite(f.value) && f.value > 0 ? f.value : 0);
  return [...byId.values()].sort((a, b) => byValue(b) - byValue(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function latestTwo<T extends { last: number }>(list: T[]): T[] {
  return list.length <= 2 ? list : list.sort((a, b) => b.last - a.last).slice(0, 2);
}

export function accountFacts(a: Account, scorecard: Settings['scorecard']): AccountFacts {
  const last = a.reviews.reduce<AccountReview | null>((l, r) => (!l || r.at > l.at ? r : l), null);
  return {
    id: a.id,
    name: a.name,
    tier: a.tier,
    kind: a.kind,
    ownerId: a.ownerId,
    tags: a.tags,
    value: a.revenue,
    createdAt: a.createdAt,
    composite: scoreAccount(a.scores, scorecard).composite,
    scores: a.scoreHistory.slice(-SCORES_KEPT).map((s) => ({ at: s.at, composite: s.composite })),
    reviewEvery: a.reviewEvery,
    nextReviewAt: a.nextReviewAt,
    lastReview: last ? { at: last.at, by: last.by, outcome: last.outcome } : null,
    touches: [],
    people: [],
    team: [],
    contacts: 0,
    plan: null,
    deals: [],
  };
}

/** The account's own fields changed (a new owner, tier or review date): its facts with them, the rest kept. */
export function withAccount(facts: AccountFacts, a: Account, scorecard: Settings['scorecard']): AccountFacts {
  const fresh = accountFacts(a, scorecard);
  return {
    ...fresh,
    touches: facts.touches,
    people: facts.people,
    team: facts.team,
    contacts: facts.contacts,
    plan: facts.plan,
    deals: facts.deals,
  };
}

function dealFacts(
  d: Deal,
  pipelines: ReturnType<typeof pipelinesOf>,
  money: Pick<Settings, 'currency' | 'currencyRates'>,
): DealFacts {
  const raw = dealAmount(d) ?? 0;
  return {
    ownerId: d.ownerId,
    status: d.status,
    closeDate: d.closeDate,
    value: inTeamCurrency(raw, d.currency, money),
    probability: probabilityOf(d, pipelines),
  };
}
