import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { buildFacts, type PortfolioData } from '../../shared/portfolio/facts';
import { ALL_ACCOUNTS, indexPortfolio, portfolioView, type PortfolioFilter } from '../../shared/portfolio/view';
import { addDays, daysAgoFrom, daysBetween, localDate, startOfDay } from '../../shared/calendar';
import fc from 'fast-check';
import { stakeholders } from '../../shared/portfolio/stakeholders';
import { writePromptText } from '../../extension/i18n/prompt-text';
import type { Account, Contact, Interaction, Settings } from '../../shared/records';

const DAY = 86_400_000;
/** Thursday 3 December 2026, 10:00 UTC: the quarter began on 1 October. */
const NOW = Date.UTC(2026, 11, 3, 10);
const ANNA = 'member-anna';
const BEN = 'member-ben';
const CHO = 'member-cho';
const clock = { now: NOW, timeZone: 'UTC' };
const by = (memberId = ANNA, now = NOW - 400 * DAY) => ({ memberId, now });

function account(fields: Partial<Account> & { name: string }): Account {
  return { ...buildRecord('account', { name: fields.name }, by()), ...fields };
}
function contact(a: Account, name: string): Contact {
  return buildRecord('contact', { name, accountId: a.id }, by());
}
function touch(subjects: { id: string }[], daysAgo: number, memberId = ANNA): Interaction {
  const at = NOW - daysAgo * DAY;
  return buildRecord('interaction', { subjectIds: subjects.map((s) => s.id), kind: 'call', at }, by(memberId, at));
}
function view(data: Partial<PortfolioData>, filter: PortfolioFilter = ALL_ACCOUNTS, settings?: Partial<Settings>) {
  const full: PortfolioData = {
    accounts: [],
    contacts: [],
    interactions: [],
    plans: [],
    deals: [],
    settings: undefined,
    ...data,
  };
  const teamSettings = settings
    ? { ...buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 } }, by()), ...settings }
    : undefined;
  const facts = buildFacts({ ...full, settings: teamSettings });
  return portfolioView(indexPortfolio(facts, teamSettings), filter, clock, teamSettings);
}
const words = (t: Parameters<typeof writePromptText>[1]) => writePromptText('en', t);

describe('coverage', () => {
  const a1 = account({ name: 'Alpen Bau', tier: 'A', ownerId: ANNA });
  const a2 = account({ name: 'Baltic Freight', tier: 'A', ownerId: BEN });
  const b1 = account({ name: 'Costa Foods', tier: 'B', ownerId: BEN });
  const c1 = account({ name: 'Delta Print', tier: 'C', ownerId: null });
  const person = contact(a2, 'Mira Ostrowska');
  const data = {
    accounts: [a1, a2, b1, c1],
    contacts: [person],
    interactions: [
      touch([a1], 14), // tier A, cadence 14: on the last covered day
      touch([person], 15), // via its person, one day past cadence; still this quarter
      touch([b1], 70), // before the quarter (1 October is 63 days back)
      touch([c1], -5), // a meeting planned ahead: not a touch yet
    ],
  };

  it('counts accounts touched within their cadence per tier and owner, and the ones untouched this quarter', () => {
    const v = view(data);
    expect(v.coverage.total).toEqual({ key: 'all', accounts: 4, covered: 1, untouched: 2 });
    expect(v.coverage.byTier).toEqual([
      { key: 'A', accounts: 2, covered: 1, untouched: 0 },
      { key: 'B', accounts: 1, covered: 0, untouched: 1 },
      { key: 'C', accounts: 1, covered: 0, untouched: 1 },
    ]);
    const owners = Object.fromEntries(v.coverage.byOwner.map((g) => [g.key, g]));
    expect(owners[ANNA]).toEqual({ key: ANNA, accounts: 1, covered: 1, untouched: 0 });
    expect(owners[BEN]).toEqual({ key: BEN, accounts: 2, covered: 0, untouched: 1 });
    expect(owners['']).toEqual({ key: '', accounts: 1, covered: 0, untouched: 1 });
    expect(v.coverage.untouched.map((r) => r.name)).toEqual(['Costa Foods', 'Delta Print']);
    const row = v.rows.find((r) => r.id === a2.id)!;
    expect(row.daysSince).toBe(15);
    expect(row.covered).toBe(false);
    expect(v.rows.find((r) => r.id === c1.id)!.lastTouch).toBeNull();
  });

  it('filters by owner, tier, kind and tag', () => {
    expect(view(data, { ...ALL_ACCOUNTS, owner: BEN }).accounts).toBe(2);
    expect(view(data, { ...ALL_ACCOUNTS, owner: '' }).rows.map((r) => r.name)).toEqual(['Delta Print']);
    expect(view(data, { ...ALL_ACCOUNTS, tier: 'A' }).accounts).toBe(2);
    const tagged = { ...data, accounts: [{ ...b1, tags: ['retail'], kind: 'strategic' as const }, a1] };
    expect(view(tagged, { ...ALL_ACCOUNTS, tag: 'retail' }).rows.map((r) => r.name)).toEqual(['Costa Foods']);
    expect(view(tagged, { ...ALL_ACCOUNTS, kind: 'strategic' }).accounts).toBe(1);
    expect(view(tagged, { ...ALL_ACCOUNTS, kind: 'none' }).rows.map((r) => r.name)).toEqual(['Alpen Bau']);
  });

  it('counts days in the rep’s time zone: cadence ends at local midnight, not 24-hour steps', () => {
    const tokyo = { now: Date.UTC(2026, 11, 3, 16), timeZone: 'Asia/Tokyo' }; // 4 December 01:00 in Tokyo
    // 14 local days before 4 December is 20 November; its start in Tokyo is 19 November 15:00 UTC.
    expect(startOfDay({ year: 2026, month: 11, day: 20 }, 'Asia/Tokyo')).toBe(Date.UTC(2026, 10, 19, 15));
    const a = account({ name: 'Kyoto Works', tier: 'A' });
    const justIn = buildRecord(
      'interaction',
      { subjectIds: [a.id], kind: 'call', at: Date.UTC(2026, 10, 19, 15, 30) },
      by(),
    );
    const justOut = buildRecord(
      'interaction',
      { subjectIds: [a.id], kind: 'call', at: Date.UTC(2026, 10, 19, 14, 30) },
      by(),
    );
    const covered = (i: Interaction) =>
      portfolioView(
        indexPortfolio(
          buildFacts({ accounts: [a], contacts: [], interactions: [i], plans: [], deals: [], settings: undefined }),
          undefined,
        ),
        ALL_ACCOUNTS,
        tokyo,
        undefined,
      ).coverage.total.covered;
    expect(covered(justIn)).toBe(1);
    expect(covered(justOut)).toBe(0);
  });

  it('property: days since, from the day starts worked out once, equal calendar days in every zone, across daylight saving and past the span', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'UTC'];
    const now = Date.UTC(2026, 2, 29, 1, 30); // the night Europe moves its clocks forward
    for (const timeZone of zones) {
      const today = localDate(now, timeZone);
      const daysAgo = daysAgoFrom(today, timeZone);
      fc.assert(
        fc.property(fc.integer({ min: now - 1_000 * DAY, max: now + 3 * DAY }), (at) => {
          expect(daysAgo(at)).toBe(daysBetween(localDate(at, timeZone), today));
        }),
        { numRuns: 300 },
      );
      // The instants either side of each of the last 800 local midnights.
      for (let k = 0; k <= 800; k += 1) {
        const start = startOfDay(addDays(today, -k), timeZone);
        expect(daysAgo(start)).toBe(k);
        expect(daysAgo(start - 1)).toBe(k + 1);
      }
    }
  });
});

describe('decay', () => {
  it('ranks key accounts by how fast they decay, each reason in words, and leaves other tiers out', () => {
    const quiet = account({ name: 'Quiet Co', tier: 'A', revenue: 100 });
    const falling = account({
      name: 'Falling Score',
      tier: 'A',
      scoreHistory: [
        { at: NOW - 100 * DAY, by: ANNA, composite: 8 },
        { at: Date.UTC(2026, 10, 2), by: ANNA, composite: 5 },
      ],
    });
    const fading = account({ name: 'Fading Talk', tier: 'A' });
    const fine = account({ name: 'Fine Ltd', tier: 'A' });
    const bTier = account({ name: 'B Tier Gmbh', tier: 'B' });
    const interactions = [
      touch([quiet], 60),
      touch([falling], 2),
      // Six touches 91–180 days back, one in the last 90.
      ...[100, 110, 120, 130, 140, 150].map((d) => touch([fading], d)),
      touch([fading], 5),
      touch([fine], 1),
      touch([bTier], 300),
    ];
    const v = view({ accounts: [quiet, falling, fading, fine, bTier], interactions });
    expect(v.decay.map((r) => r.name)).toEqual(['Quiet Co', 'Falling Score', 'Fading Talk']);
    expect(v.decay.map((r) => r.reasons.map(words))).toEqual([
      ['Tier A: last touch 60 days ago; cadence 14 days'],
      ['Score fell from 8 to 5 on Nov 2, 2026'],
      ['1 touches in the last 90 days, 6 in the 90 days before'],
    ]);
    expect(v.decay[0]!.severity).toBeGreaterThan(v.decay[1]!.severity);
    expect(v.rows.find((r) => r.id === fine.id)!.decaying).toBe(false);
  });

  it('says when a key account was never touched since it was added', () => {
    const never = account({ name: 'Never Touched', tier: 'A', createdAt: NOW - 30 * DAY });
    const v = view({ accounts: [never] });
    expect(v.decay.map((r) => r.reasons.map(words))).toEqual([
      ['Tier A: nothing logged since it was added 30 days ago; cadence 14 days'],
    ]);
  });

  it('survives far-future and far-past clocks on the interactions', () => {
    const a = account({ name: 'Odd Clocks', tier: 'A' });
    const v = view({
      accounts: [a],
      interactions: [
        buildRecord('interaction', { subjectIds: [a.id], kind: 'call', at: Date.UTC(2199, 0, 1) }, by()),
        buildRecord('interaction', { subjectIds: [a.id], kind: 'call', at: 0 }, by()),
      ],
    });
    const row = v.rows[0]!;
    expect(row.lastTouch).toBe(0);
    expect(row.covered).toBe(false);
    expect(v.decay).toHaveLength(1);
  });
});

describe('the 80/20 picture', () => {
  it('orders accounts by value with the cumulative share, and names the tiers that no longer match', () => {
    const big = account({ name: 'Big', tier: 'B', revenue: 800, scores: { fit: 9 } });
    const mid = account({ name: 'Mid', tier: 'A', revenue: 150 });
    const small = account({ name: 'Small', tier: 'C', revenue: 50 });
    const none = account({ name: 'No Value', tier: 'C', revenue: null });
    const v = view({ accounts: [small, none, mid, big] }, ALL_ACCOUNTS, {
      scorecard: [{ id: 'fit', label: 'Fit', family: 'attractiveness', weight: 1 }],
    });
    expect(v.pareto.total).toBe(1000);
    expect(v.pareto.rows.map((r) => [r.name, r.share, r.cumulative, r.byValue])).toEqual([
      ['Big', 0.8, 0.8, 'A'],
      ['Mid', 0.15, 0.95, 'B'],
      ['Small', 0.05, 1, 'C'],
      ['No Value', 0, 1, 'C'],
    ]);
    expect(v.pareto.mismatches.map((r) => [r.name, r.mismatch.map(words)])).toEqual([
      ['Big', ['Its value (80% of the total) makes it tier A', 'Its score 9 suggests tier A']],
      ['Mid', ['Its value (15% of the total) makes it tier B']],
    ]);
  });

  it('keeps the team’s tiers under a filter: a filter changes the shares shown, not the suggestion', () => {
    const big = account({ name: 'Big', tier: 'A', revenue: 960, ownerId: ANNA });
    const small = account({ name: 'Small', tier: 'C', revenue: 40, ownerId: BEN });
    const v = view({ accounts: [big, small] }, { ...ALL_ACCOUNTS, owner: BEN });
    expect(v.pareto.rows.map((r) => [r.name, r.share, r.byValue])).toEqual([['Small', 1, 'C']]);
    expect(v.pareto.mismatches).toEqual([]);
  });
});

describe('single-threaded key accounts', () => {
  const a = account({ name: 'Hanging By A Thread', tier: 'A', revenue: 10 });
  const lee = contact(a, 'Lee Min-jun');
  const park = contact(a, 'Park Ji-woo');
  it('flags one person on their side, naming them', () => {
    const v = view({
      accounts: [a],
      contacts: [lee, park],
      interactions: [touch([lee], 3, ANNA), touch([lee], 9, BEN)],
    });
    expect(v.threads).toEqual([
      expect.objectContaining({ name: a.name, theirs: 'Lee Min-jun', ours: null, people: 1, team: 2 }),
    ]);
    expect(v.rows[0]!.singleThreaded).toBe(true);
  });
  it('flags one member on our side', () => {
    const v = view({
      accounts: [a],
      contacts: [lee, park],
      interactions: [touch([lee], 3, CHO), touch([park], 9, CHO)],
    });
    expect(v.threads).toEqual([expect.objectContaining({ theirs: null, ours: CHO, people: 2, team: 1 })]);
  });
  it('is not single-threaded with two on each side, nor when the only contact is over a year old', () => {
    expect(
      view({ accounts: [a], contacts: [lee, park], interactions: [touch([lee], 3, ANNA), touch([park], 9, BEN)] })
        .threads,
    ).toEqual([]);
    // Park last spoke 400 days ago: only Lee counts now.
    const v = view({
      accounts: [a],
      contacts: [lee, park],
      interactions: [touch([lee], 3, ANNA), touch([park], 400, BEN), touch([lee], 20, BEN)],
    });
    expect(v.threads.map((t) => t.theirs)).toEqual(['Lee Min-jun']);
  });
});

describe('reviews, plans and pipeline', () => {
  it('lists reviews overdue and due by owner with the last outcome counted', () => {
    const overdue = account({
      name: 'Overdue',
      tier: 'A',
      ownerId: ANNA,
      reviewEvery: 90,
      nextReviewAt: NOW - 2 * DAY,
    });
    const due = account({ name: 'Due Soon', tier: 'A', ownerId: ANNA, reviewEvery: 90, nextReviewAt: NOW + 10 * DAY });
    const later = account({ name: 'Later', tier: 'B', ownerId: BEN, reviewEvery: 90, nextReviewAt: NOW + 40 * DAY });
    const reviewed = {
      ...later,
      reviews: [
        {
          at: NOW - 50 * DAY,
          by: BEN,
          answer: 'Still growing',
          outcome: 'keep' as const,
          tier: 'B' as const,
          score: null,
        },
      ],
    };
    const v = view({ accounts: [overdue, due, reviewed] });
    expect(v.reviews.rows.map((r) => [r.name, r.overdue])).toEqual([
      ['Overdue', true],
      ['Due Soon', false],
    ]);
    expect(v.reviews.byOwner).toEqual([{ ownerId: ANNA, due: 1, overdue: 1 }]);
    expect(v.reviews.outcomes).toEqual({ keep: 1, 'change-tier': 0, 'new-plan': 0 });
  });

  it('orders this year’s goals by due date, marks late ones, and names key accounts with no plan', () => {
    const planned = account({ name: 'Planned', tier: 'A' });
    const unplanned = account({ name: 'Unplanned', tier: 'A', revenue: 5 });
    const oldPlan = account({ name: 'Last Year Only', tier: 'A', revenue: 9 });
    const plans = [
      buildRecord(
        'plan',
        {
          accountId: planned.id,
          year: 2026,
          goals: [
            { title: 'Second line', dueAt: NOW + 20 * DAY, progress: 10 },
            { title: 'Pilot', dueAt: NOW - 5 * DAY, progress: 60 },
            { title: 'Done one', dueAt: NOW - 9 * DAY, progress: 100 },
          ],
        },
        by(),
      ),
      buildRecord('plan', { accountId: oldPlan.id, year: 2025, goals: [{ title: 'Old', progress: 0 }] }, by()),
    ];
    const v = view({ accounts: [planned, unplanned, oldPlan], plans });
    expect(v.plans.goals.map((g) => [g.title, g.overdue])).toEqual([
      ['Done one', false],
      ['Pilot', true],
      ['Second line', false],
    ]);
    expect(v.plans.missing.map((r) => r.name)).toEqual(['Last Year Only', 'Unplanned']);
    expect(v.plans.keyWithPlan).toBe(1);
  });

  it('sums open pipeline and this quarter’s forecast per deal owner; lost deals and unconverted currencies apart', () => {
    const a = account({ name: 'Deals Inc', tier: 'A' });
    const deal = (fields: Record<string, unknown>) =>
      buildRecord(
        'deal',
        { name: 'D', accountId: a.id, pipelineId: 'new-business', stageId: 'propose', currency: 'EUR', ...fields },
        by(),
      );
    const deals = [
      deal({ ownerId: ANNA, amount: 1000, closeDate: '2026-12-20' }), // 50%
      deal({ ownerId: ANNA, amount: 400, status: 'won', closeDate: '2026-11-01' }),
      deal({ ownerId: BEN, amount: 2000, closeDate: '2027-02-01', probability: 10 }),
      deal({ ownerId: BEN, amount: 999, status: 'lost', closeDate: '2026-12-01' }),
      deal({ ownerId: BEN, amount: 50, currency: 'JPY' }),
    ];
    const v = view({ accounts: [a], deals });
    const anna = v.pipeline.byOwner.find((o) => o.ownerId === ANNA)!;
    expect(anna).toMatchObject({ open: 1000, weighted: 500, openDeals: 1 });
    expect(anna.quarter).toEqual({ committed: 400, weighted: 900, bestCase: 1400, deals: 2 });
    const ben = v.pipeline.byOwner.find((o) => o.ownerId === BEN)!;
    expect(ben).toMatchObject({ open: 2000, weighted: 200, openDeals: 1 });
    expect(ben.quarter.deals).toBe(0);
    expect(v.pipeline.unconverted).toBe(1);
    expect(v.pipeline.quarter).toBe('2026-Q4');
    expect(v.rows[0]!.openPipeline).toBe(3000);
  });
});

describe('facts', () => {
  it('never read notes: a private note changes nothing', () => {
    const a = account({ name: 'Private Matters', tier: 'A' });
    const facts = buildFacts({
      accounts: [a],
      contacts: [],
      interactions: [],
      plans: [],
      deals: [],
      settings: undefined,
    });
    expect(facts[0]!.touches).toEqual([]);
    expect(Object.keys(facts[0]!)).not.toContain('notes');
  });
  it('counts an interaction naming an account and its person once, and leaves deleted records out', () => {
    const a = account({ name: 'Once', tier: 'A' });
    const p = contact(a, 'Only Once');
    const gone = { ...account({ name: 'Gone' }), deleted: true };
    const both = touch([a, p], 3);
    const deleted = { ...touch([a], 1), deleted: true };
    const facts = buildFacts({
      accounts: [a, gone],
      contacts: [p],
      interactions: [both, deleted],
      plans: [],
      deals: [],
      settings: undefined,
    });
    expect(facts.map((f) => f.name)).toEqual(['Once']);
    expect(facts[0]!.touches).toEqual([both.at]);
    expect(facts[0]!.people).toEqual([{ name: 'Only Once', last: both.at }]);
    expect(facts[0]!.team).toEqual([{ id: ANNA, last: both.at }]);
  });
});

describe('stakeholders on the account', () => {
  const a = account({ name: 'Buying Side AG', tier: 'A' });
  const lee = { ...contact(a, 'Lee Min-jun'), title: 'CFO' };
  const park = contact(a, 'Park Ji-woo');
  const elsewhere = contact(account({ name: 'Other' }), 'Not Here');
  const deal = buildRecord(
    'deal',
    {
      name: 'Renewal',
      accountId: a.id,
      pipelineId: 'renewal',
      stageId: 'review',
      currency: 'EUR',
      contacts: [
        { contactId: park.id, role: 'champion' },
        { contactId: lee.id, role: 'decision-maker' },
      ],
    },
    by(),
  );

  it('lists each person with their buying role, who knows them best and when we last spoke', () => {
    const map = stakeholders(
      a.id,
      [lee, park, elsewhere],
      [
        touch([lee], 30, ANNA),
        touch([lee], 20, BEN),
        touch([lee], 10, BEN),
        touch([park], 2, ANNA),
        touch([lee], -3, CHO),
      ],
      [deal],
      NOW,
    );
    expect(map.people.map((p) => [p.name, p.roles, p.knownBestBy, p.interactions, p.lastSpokeBy])).toEqual([
      ['Lee Min-jun', ['decision-maker'], BEN, 3, BEN],
      ['Park Ji-woo', ['champion'], ANNA, 1, ANNA],
    ]);
    expect(map.people[0]!.lastSpokeAt).toBe(NOW - 10 * DAY);
    expect(map.singleThreaded).toEqual({ theirs: false, ours: false });
  });

  it('warns when it hangs on one person on either side; says nothing of an account nobody spoke with this year', () => {
    expect(
      stakeholders(a.id, [lee, park], [touch([lee], 5, ANNA), touch([lee], 50, BEN)], [], NOW).singleThreaded,
    ).toEqual({
      theirs: true,
      ours: false,
    });
    expect(
      stakeholders(a.id, [lee, park], [touch([lee], 5, CHO), touch([park], 9, CHO)], [], NOW).singleThreaded,
    ).toEqual({
      theirs: false,
      ours: true,
    });
    expect(stakeholders(a.id, [lee], [touch([lee], 400, ANNA)], [], NOW).singleThreaded).toBeNull();
  });
});
