/**
 * The portfolio benchmark's team (bench/portfolio.ts): accounts with a long tail of values (10% tier A,
 * four owners, every kind among the key accounts, tags), their people, a year and more of
 * interactions, deals in every state and a plan per key account. Scaled by `scale` (1: 20,000 accounts).
 */
import { buildRecord } from '../../shared/factories';
import { DEFAULT_PIPELINES, type AnyRecord } from '../../shared/records';
import { seededRandom } from './dataset';

const DAY = 86_400_000;
export const PORTFOLIO_MEMBERS = ['bench-member', 'mate-1', 'mate-2', 'mate-3'];

export function portfolioCounts(scale: number) {
  return {
    accounts: 20_000 * scale,
    contacts: 100_000 * scale,
    interactions: 200_000 * scale,
    deals: 20_000 * scale,
    plans: 2_000 * scale,
  };
}

export function portfolioDataset(scale: number, now = Date.now()): AnyRecord[] {
  const {
    accounts: ACCOUNTS,
    contacts: CONTACTS,
    interactions: INTERACTIONS,
    deals: DEALS,
    plans: PLANS,
  } = portfolioCounts(scale);
  const MEMBERS = PORTFOLIO_MEMBERS;
  const random = seededRandom(19);
  const by = (days = 400, memberId = MEMBERS[0]!) => ({ memberId, now: now - days * DAY });
  const settings = buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, currency: 'EUR' }, by());
  const kinds = ['economic', 'important', 'group', 'strategic', null] as const;
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
    buildRecord(
      'account',
      {
        name: `Account ${i} GmbH`,
        tier: i % 10 === 0 ? 'A' : i % 3 === 0 ? 'B' : 'C',
        // Kinds by tens, so key accounts (every tenth) have every kind and each filter step changes the rows.
        kind: kinds[Math.floor(i / 10) % kinds.length]!,
        ownerId: MEMBERS[Math.floor(i / 3) % MEMBERS.length]!,
        tags: i % 7 === 0 ? ['retail'] : i % 7 === 1 ? ['industry', 'north'] : [],
        // A long tail of values: a few big accounts carry most of it.
        revenue: Math.round(1_000_000 / (1 + (i % 997)) + random() * 1_000),
        reviewEvery: i % 10 === 0 ? 90 : null,
        nextReviewAt: i % 10 === 0 ? now + Math.floor(random() * 60 - 20) * DAY : null,
        scoreHistory:
          i % 10 === 0
            ? [
                { at: now - 200 * DAY, by: MEMBERS[0]!, composite: 7 },
                { at: now - 20 * DAY, by: MEMBERS[0]!, composite: Math.round(random() * 100) / 10 },
              ]
            : [],
      },
      by(),
    ),
  );
  const contacts = Array.from({ length: CONTACTS }, (_, i) =>
    buildRecord('contact', { name: `Contact ${i}`, accountId: accounts[i % ACCOUNTS]!.id }, by()),
  );
  const interactions = Array.from({ length: INTERACTIONS }, (_, i) => {
    const days = Math.floor(random() * 400);
    return buildRecord(
      'interaction',
      {
        subjectIds: [i % 3 ? contacts[i % CONTACTS]!.id : accounts[i % ACCOUNTS]!.id],
        kind: 'call',
        at: now - days * DAY,
        summary: `Call ${i}`,
      },
      by(days, MEMBERS[i % MEMBERS.length]!),
    );
  });
  const deals = Array.from({ length: DEALS }, (_, i) => {
    const pipeline = DEFAULT_PIPELINES[0]!;
    const stage = pipeline.stages[i % pipeline.stages.length]!;
    return buildRecord(
      'deal',
      {
        name: `Deal ${i}`,
        accountId: accounts[i % ACCOUNTS]!.id,
        ownerId: MEMBERS[i % MEMBERS.length]!,
        pipelineId: pipeline.id,
        stageId: stage.id,
        status: i % 10 === 3 ? 'won' : i % 10 === 7 ? 'lost' : 'open',
        amount: Math.round(1_000 + random() * 99_000),
        currency: 'EUR',
        closeDate: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      },
      by(),
    );
  });
  const year = new Date(now).getFullYear();
  const plans = Array.from({ length: PLANS }, (_, i) =>
    buildRecord(
      'plan',
      {
        accountId: accounts[(i * 10) % ACCOUNTS]!.id,
        year,
        goals: [
          { title: 'Second line', dueAt: now + (i % 90) * DAY, progress: i % 100 },
          { title: 'Pilot', dueAt: now - (i % 30) * DAY, progress: (i * 7) % 100 },
        ],
      },
      by(),
    ),
  );
  return [settings, ...accounts, ...contacts, ...interactions, ...deals, ...plans];
}
