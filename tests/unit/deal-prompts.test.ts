import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { computePrompts, PromptEngine, type PromptClock, type PromptData } from '../../shared/prompts';
import { writePromptText } from '../../extension/i18n/prompt-text';
import type { Account, Deal, Settings } from '../../shared/records';

const DAY = 86_400_000;
/** Monday 23 November 2026, 10:00 UTC. */
const NOW = Date.UTC(2026, 10, 23, 10);
const ME = 'member-me';
const by = (now = NOW - 200 * DAY) => ({ memberId: ME, now });
const clock = (over: Partial<PromptClock> = {}): PromptClock => ({ now: NOW, timeZone: 'UTC', memberId: ME, ...over });

const nordlicht = buildRecord('account', { name: 'Nordlicht Logistik', tier: 'A' }, by());
const porto = buildRecord('account', { name: 'Porto Verde', tier: 'B' }, by());

function deal(account: Account, fields: Partial<Deal>, created = NOW - 60 * DAY): Deal {
  return {
    ...buildRecord(
      'deal',
      {
        name: 'Deal',
        accountId: account.id,
        pipelineId: 'new-business',
        stageId: 'propose',
        currency: 'EUR',
        stageHistory: [{ at: created, by: ME, stageId: fields.stageId ?? 'propose' }],
      },
      by(created),
    ),
    ...fields,
  };
}

function data(extra: Partial<PromptData> & { deals: Deal[] }, settings?: Partial<Settings>): PromptData {
  return {
    accounts: [nordlicht, porto],
    contacts: [],
    interactions: [],
    tasks: [],
    states: [],
    settings: settings
      ? buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, ...settings }, by())
      : undefined,
    ...extra,
  };
}

const dealPrompts = (d: PromptData, c = clock()) =>
  computePrompts(d, c)
    .filter((p) => p.rule.startsWith('deal-'))
    .map((p) => ({
      rule: p.rule,
      subjectId: p.subjectId,
      title: writePromptText('en', p.title),
      reason: writePromptText('en', p.reason),
      when: p.when,
    }));

describe('deal prompts', () => {
  it('close date passed: the day after, with the date, in the rep’s time zone', () => {
    const late = deal(nordlicht, { name: 'Hamburg racks', closeDate: '2026-11-22' });
    const today = deal(nordlicht, { name: 'Today', closeDate: '2026-11-23' });
    const d = data({
      deals: [late, today],
      interactions: [buildRecord('interaction', { subjectIds: [nordlicht.id], kind: 'call', at: NOW - DAY }, by())],
    });
    expect(dealPrompts(d).filter((p) => p.rule === 'deal-close-passed')).toEqual([
      {
        rule: 'deal-close-passed',
        subjectId: late.id,
        title: 'Close date passed: Hamburg racks',
        reason: 'Nordlicht Logistik: expected to close Nov 22, 2026. Move the date, or mark it won or lost.',
        when: 'overdue',
      },
    ]);
    // Three hours later it is 24 November in Auckland: a rep there sees 23 November passed too.
    const auckland = clock({ now: NOW + 3 * 3_600_000, timeZone: 'Pacific/Auckland' });
    expect(dealPrompts(d, auckland).filter((p) => p.rule === 'deal-close-passed')).toHaveLength(2);
    expect(
      dealPrompts(d, clock({ now: NOW + 3 * 3_600_000 })).filter((p) => p.rule === 'deal-close-passed'),
    ).toHaveLength(1);
  });

  it('stalled: no interaction with the account for N days in the stage (21 unless the team says)', () => {
    const quiet = deal(nordlicht, { name: 'Quiet' }, NOW - 30 * DAY);
    const moved = deal(
      nordlicht,
      {
        name: 'Moved',
        stageHistory: [
          { at: NOW - 30 * DAY, by: ME, stageId: 'qualify' },
          { at: NOW - 5 * DAY, by: ME, stageId: 'propose' },
        ],
      },
      NOW - 30 * DAY,
    );
    const touched = deal(porto, { name: 'Touched' }, NOW - 30 * DAY);
    const call = buildRecord('interaction', { subjectIds: [porto.id], kind: 'call', at: NOW - 3 * DAY }, by());
    const d = data({ deals: [quiet, moved, touched], interactions: [call] });
    expect(dealPrompts(d).filter((p) => p.rule === 'deal-stalled')).toEqual([
      {
        rule: 'deal-stalled',
        subjectId: quiet.id,
        title: 'Quiet has stalled',
        reason: 'In “Proposal” with no interaction with Nordlicht Logistik for 30 days',
        when: 'overdue',
      },
    ]);
    const strict = data(
      { deals: [quiet, moved, touched], interactions: [call] },
      { promptRules: { 'deal-stalled': { enabled: true, leadDays: 3 } } },
    );
    expect(
      dealPrompts(strict)
        .filter((p) => p.rule === 'deal-stalled')
        .map((p) => [p.title, p.when]),
    ).toEqual([
      ['Quiet has stalled', 'overdue'],
      ['Moved has stalled', 'overdue'],
      ['Touched has stalled', 'today'],
    ]);
  });

  it('renewal ahead on a key account with no open deal; quiet once a deal is open or for tier B', () => {
    const key = { ...nordlicht, importantDates: [{ label: 'Contract renewal', date: '2027-01-10' }] };
    const b = { ...porto, importantDates: [{ label: 'Renewal', date: '2027-01-10' }] };
    const d = data({ accounts: [key, b], deals: [] });
    expect(dealPrompts(d)).toEqual([
      expect.objectContaining({
        rule: 'deal-renewal',
        title: 'Renewal ahead at Nordlicht Logistik, no open deal',
        reason: 'Contract renewal in 48 days (Jan 10, 2027); a tier A account with no open deal',
        when: 'upcoming',
      }),
    ]);
    expect(
      dealPrompts(data({ accounts: [key, b], deals: [deal(nordlicht, { closeDate: '2027-01-10' })] })).filter(
        (p) => p.rule === 'deal-renewal',
      ),
    ).toEqual([]);
    // 续约 in Chinese, 갱신 in Korean count as renewals too.
    const zh = { ...nordlicht, importantDates: [{ label: '合同续约', date: '2026-12-20' }] };
    expect(dealPrompts(data({ accounts: [zh], deals: [] })).map((p) => p.rule)).toEqual(['deal-renewal']);
  });

  it('a big deal (top 20% by amount, in the team currency) with no dated next step, but only with every deal known', () => {
    const deals = Array.from({ length: 10 }, (_, i) =>
      deal(porto, { name: `D${i}`, amount: (i + 1) * 1000, closeDate: '2027-03-01' }, NOW - DAY),
    );
    deals[9] = { ...deals[9]!, nextStepDate: '2026-12-01' };
    const d = data({ deals });
    expect(
      dealPrompts(d)
        .filter((p) => p.rule === 'deal-big-no-step')
        .map((p) => p.title),
    ).toEqual(['Give D8 a dated next step']);
    expect(dealPrompts({ ...d, dealsPartial: true }).filter((p) => p.rule === 'deal-big-no-step')).toEqual([]);
  });

  it('won → plan the kickoff visit, until a visit is planned or two weeks pass', () => {
    const won = deal(nordlicht, { name: 'Big win', status: 'won', closedAt: NOW - 2 * DAY, closeDate: '2026-11-21' });
    expect(dealPrompts(data({ deals: [won] }))).toEqual([
      expect.objectContaining({
        rule: 'deal-won-kickoff',
        title: 'Plan the kickoff visit at Nordlicht Logistik',
        when: 'overdue',
      }),
    ]);
    const visit = buildRecord(
      'task',
      { subjectId: nordlicht.id, title: 'Kickoff', kind: 'visit', dueAt: NOW + DAY },
      by(NOW - DAY),
    );
    expect(dealPrompts(data({ deals: [won], tasks: [visit] }))).toEqual([]);
    expect(dealPrompts(data({ deals: [won] }), clock({ now: NOW + 13 * DAY }))).toEqual([]);
  });

  it('the incremental engine agrees with recomputing from scratch as deals change', () => {
    const deals = Array.from({ length: 6 }, (_, i) =>
      deal(i % 2 ? nordlicht : porto, {
        name: `D${i}`,
        amount: 1000 * (i + 1),
        closeDate: i % 3 ? '2026-11-01' : null,
      }),
    );
    const engine = new PromptEngine(data({ deals: [] }), clock());
    const current = new Map<string, Deal>();
    for (const [i, d] of deals.entries()) {
      engine.apply(d);
      current.set(d.id, d);
      if (i === 3) {
        const won = { ...d, status: 'won' as const, closedAt: NOW - DAY };
        engine.apply(won);
        current.set(d.id, won);
      }
      if (i === 4) {
        engine.remove('deal', deals[0]!.id);
        current.delete(deals[0]!.id);
      }
      if (i === 5) {
        // Won by mistake, reopened: the kickoff prompt goes and the open-deal rules see it again.
        const reopened = { ...current.get(deals[3]!.id)!, status: 'open' as const, closedAt: null };
        engine.apply(reopened);
        current.set(reopened.id, reopened);
      }
      const fresh = computePrompts(data({ deals: [...current.values()] }), clock());
      expect(engine.prompts().map((p) => p.key)).toEqual(fresh.map((p) => p.key));
    }
  });
});
