import { buildRecord } from '../../shared/factories';
import { newRecordId, stableRecordId } from '../../shared/ids';
import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import { scoreAccount, type Indicator } from '../../shared/scorecard';
import { LIMITS, type Account, type AccountReview, type Plan, type Tier } from '../../shared/records';
import { DAY_MS } from '../../shared/calendar';
import type { MarginDB } from '../lib/db';
import { accountsWithDomain, currentPlan } from '../lib/queries';
import { MessageError } from '../i18n/errors';
import { createRecord, updateRecord, writeBatch } from './local-writes';
import type { Author } from './author';

/**
 * The domain writes for accounts and their key-account care: the rules live here, beside the other
 * writes, not in the components that call them. Every write goes through ui/local-writes.ts.
 */

/**
 * An id derived from what the record is for (an address, a domain, an account's year), so two reps
 * making the same thing offline make one record; unless a deleted record already holds it here (a
 * tombstone is never revived).
 */
export async function stableIdFor(
  db: MarginDB,
  table: 'contacts' | 'accounts' | 'interactions' | 'plans',
  teamId: string,
  namespace: string,
  key: string,
): Promise<string> {
  const id = stableRecordId(teamId, namespace, key);
  const existing = await db[table].get(id);
  return existing?.deleted ? newRecordId() : id;
}

/** Appends to a bounded history (reviews, score history): the oldest entries leave first. */
export function keepLast<T>(list: readonly T[], item: T, max: number = LIMITS.listItems): T[] {
  return [...list, item].slice(-max);
}

/**
 * The account for a company's domain: the team's existing one, else a new one whose id derives from
 * the domain, so two reps capturing the same company (from an email or its web site) make one account.
 */
export async function accountForDomain(
  db: MarginDB,
  input: { name: string; domain: string; description?: string; tier?: Tier },
  by: Author,
  options: { freeMail?: 'refuse' | 'allow' } = {},
): Promise<{ account: Account; created: boolean }> {
  const domain = registrableDomain(input.domain);
  if (!domain) throw new MessageError('error.notDomain', { input: input.domain });
  // An address at a free-mail domain is a person, not a company; a page of that domain may be the company (naver.com).
  if (options.freeMail !== 'allow' && isFreeMailDomain(domain))
    throw new MessageError('error.personalDomain', { domain });
  const existing = (await accountsWithDomain(db, domain))[0];
  if (existing) return { account: existing, created: false };
  const name = input.name.trim();
  if (!name) throw new MessageError('error.accountName');
  const id = await stableIdFor(db, 'accounts', by.teamId, 'account-domain', domain);
  const fields = {
    name,
    domains: [domain],
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    ...(input.tier ? { tier: input.tier } : {}),
  };
  return {
    account: await createRecord(db, buildRecord('account', fields, { memberId: by.memberId, now: by.now, id }), by.now),
    created: true,
  };
}

/** A new owner; the handover itself stays in the account's history as an interaction (`summary`, in the rep's words). */
export async function handOver(
  db: MarginDB,
  account: Account,
  ownerId: string,
  summary: string,
  by: Author,
): Promise<void> {
  await updateRecord(db, 'account', account.id, { ownerId }, by.now);
  await createRecord(
    db,
    buildRecord(
      'interaction',
      { subjectIds: [account.id], kind: 'other', at: by.now, summary: summary.slice(0, 2000) },
      { memberId: by.memberId, now: by.now },
    ),
    by.now,
  );
}

/** New scores; the composite they give joins the account's score history (the last 50 kept). */
export async function saveScores(
  db: MarginDB,
  account: Account,
  scores: Record<string, number>,
  scorecard: readonly Indicator[],
  by: Author,
): Promise<void> {
  const composite = scoreAccount(scores, scorecard).composite;
  await updateRecord(
    db,
    'account',
    account.id,
    {
      scores,
      ...(composite !== null
        ? { scoreHistory: keepLast(account.scoreHistory, { at: by.now, by: by.memberId, composite }) }
        : {}),
    },
    by.now,
  );
}

/**
 * A key-account review: the answer and the decision join the account's reviews (the last 50 kept), the
 * next review is scheduled from its cadence, and "new plan" makes this year's plan if there is none.
 */
export async function recordReview(
  db: MarginDB,
  account: Account,
  review: { answer: string; outcome: AccountReview['outcome']; tier: Tier; score: number | null },
  by: Author,
): Promise<void> {
  const tier = review.outcome === 'change-tier' ? review.tier : account.tier;
  await updateRecord(
    db,
    'account',
    account.id,
    {
      tier,
      reviews: keepLast(account.reviews, {
        at: by.now,
        by: by.memberId,
        answer: review.answer,
        outcome: review.outcome,
        tier,
        score: review.score,
      }),
      nextReviewAt: account.reviewEvery ? by.now + account.reviewEvery * DAY_MS : null,
    },
    by.now,
  );
  if (review.outcome === 'new-plan') await planFor(db, account.id, new Date(by.now).getFullYear(), by);
}

/** The account's plan for a year, made (empty) if it has none; one per account and year, by its id. */
export async function planFor(db: MarginDB, accountId: string, year: number, by: Author): Promise<Plan> {
  const existing = await currentPlan(db, accountId, year);
  if (existing) return existing;
  const id = await stableIdFor(db, 'plans', by.teamId, 'account-plan', `${accountId}:${year}`);
  return createRecord(
    db,
    buildRecord('plan', { accountId, year, goals: [] }, { memberId: by.memberId, now: by.now, id }),
    by.now,
  );
}

export async function addGoal(
  db: MarginDB,
  accountId: string,
  year: number,
  goal: Plan['goals'][number],
  by: Author,
): Promise<void> {
  const plan = await planFor(db, accountId, year, by);
  await updateRecord(db, 'plan', plan.id, { goals: [...plan.goals, goal] }, by.now);
}

export async function setGoalProgress(
  db: MarginDB,
  plan: Plan,
  index: number,
  progress: number,
  by: Author,
): Promise<void> {
  await updateRecord(
    db,
    'plan',
    plan.id,
    { goals: plan.goals.map((g, i) => (i === index ? { ...g, progress: Math.max(0, Math.min(100, progress)) } : g)) },
    by.now,
  );
}

/** What the portfolio changes on many accounts at once: a new owner, a review date, a tier. */
export type AccountsChange = { ownerId: string | null } | { nextReviewAt: number } | { tier: Tier };

/**
 * One change to many accounts in one batch of writes (one transaction, one outbox row per 500):
 * every account changes, or, if any write is refused here, none does. Accounts deleted meanwhile
 * are left out. Returns how many changed.
 */
export async function changeAccounts(
  db: MarginDB,
  accountIds: readonly string[],
  change: AccountsChange,
  by: Author,
): Promise<number> {
  const ids = [...new Set(accountIds)];
  const live = (await db.accounts.bulkGet(ids)).filter((a): a is Account => !!a && !a.deleted);
  await writeBatch(
    db,
    live.map((a) => ({ kind: 'update' as const, type: 'account' as const, recordId: a.id, patch: { ...change } })),
    by.now,
  );
  return live.length;
}
