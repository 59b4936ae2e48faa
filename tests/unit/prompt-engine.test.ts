import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { computePrompts, PromptEngine, type PromptClock, type PromptData } from '../../shared/prompts';
import type { AnyRecord } from '../../shared/records';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 10);
const ME = 'me';
const clock: PromptClock = {
  now: NOW,
  timeZone: 'Europe/Lisbon',
  memberId: ME,
  // An open email: a known sender, a known recipient and a stranger from a known account's domain.
  email: {
    subject: 'Order',
    logged: false,
    people: [
      { email: 'new.person@a1.example.com', name: 'New Person', role: 'from' },
      { email: 'c0@a0.example.com', name: 'C0', role: 'from' },
      { email: 'c5@a5.example.com', name: 'C5', role: 'to' },
    ],
  },
};
const by = (now = NOW - 300 * DAY) => ({ memberId: ME, now });

function split(records: Map<string, AnyRecord>): PromptData {
  const all = [...records.values()];
  const of = <T extends AnyRecord['type']>(t: T) =>
    all.filter((r): r is Extract<AnyRecord, { type: T }> => r.type === t);
  return {
    accounts: of('account'),
    contacts: of('contact'),
    interactions: of('interaction'),
    tasks: of('task'),
    states: of('promptState'),
    settings: of('settings')[0],
    deals: of('deal'),
  };
}

describe('incremental prompt engine', () => {
  it('property: after any sequence of single-record changes, it gives exactly what a full recomputation gives', () => {
    const accounts = Array.from({ length: 6 }, (_, i) =>
      buildRecord(
        'account',
        {
          name: `Account ${i}`,
          tier: (['A', 'B', 'C'] as const)[i % 3],
          domains: [`a${i}.example.com`],
          reviewEvery: i % 2 ? 30 : null,
          importantDates: i === 1 ? [{ label: 'Renewal', date: '11-26' }] : [],
        },
        by(),
      ),
    );
    const contacts = Array.from({ length: 10 }, (_, i) =>
      buildRecord(
        'contact',
        {
          name: `Contact ${i}`,
          emails: [`c${i}@a${i % 6}.example.com`],
          accountId: i % 4 ? accounts[i % 6]!.id : null,
          importantDates: i === 3 ? [{ label: 'Birthday', date: '11-24' }] : [],
        },
        by(),
      ),
    );
    const subjects = [...accounts, ...contacts].map((r) => r.id);
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('touch' as const),
        subject: fc.integer({ min: 0, max: subjects.length - 1 }),
        daysAgo: fc.integer({ min: 0, max: 120 }),
      }),
      fc.record({
        kind: fc.constant('task' as const),
        subject: fc.integer({ min: 0, max: subjects.length - 1 }),
        dueIn: fc.integer({ min: -5, max: 10 }),
        type: fc.constantFrom('task', 'complaint', 'visit'),
      }),
      fc.record({
        kind: fc.constant('tier' as const),
        account: fc.integer({ min: 0, max: 5 }),
        tier: fc.constantFrom('A', 'B', 'C'),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        contact: fc.integer({ min: 0, max: 9 }),
        account: fc.integer({ min: 0, max: 5 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      // A new deal, or one of the deals so far moved: another account, status, amount, close date or stage.
      fc.record({
        kind: fc.constant('deal' as const),
        pick: fc.option(fc.nat(), { nil: null }),
        account: fc.integer({ min: 0, max: 5 }),
        status: fc.constantFrom('open', 'open', 'won', 'lost'),
        amount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        closeIn: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
        stage: fc.constantFrom('qualify', 'propose', 'commit'),
        enteredDaysAgo: fc.integer({ min: 0, max: 60 }),
        dated: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('done' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('cadence' as const), a: fc.integer({ min: 1, max: 40 }) }),
      fc.record({
        kind: fc.constant('address' as const),
        contact: fc.integer({ min: 0, max: 9 }),
        to: fc.constantFrom('new.person@a1.example.com', 'c0@a0.example.com', 'other@a2.example.com'),
      }),
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 25 }), (changes) => {
        const records = new Map<string, AnyRecord>([...accounts, ...contacts].map((r) => [r.id, r]));
        const engine = new PromptEngine(split(records), clock);
        for (const c of changes) {
          let next: AnyRecord | undefined;
          if (c.kind === 'touch')
            next = buildRecord(
              'interaction',
              { subjectIds: [subjects[c.subject]!], kind: 'call', at: NOW - c.daysAgo * DAY },
              by(),
            );
          else if (c.kind === 'task')
            next = buildRecord(
              'task',
              {
                subjectId: subjects[c.subject]!,
                title: 'T',
                dueAt: NOW + c.dueIn * DAY,
                kind: c.type,
                checklistId: null,
              },
              by(),
            );
          else if (c.kind === 'tier')
            next = { ...(records.get(accounts[c.account]!.id) as (typeof accounts)[number]), tier: c.tier };
          else if (c.kind === 'move')
            next = {
              ...(records.get(contacts[c.contact]!.id) as (typeof contacts)[number]),
              accountId: accounts[c.account]!.id,
            };
          else if (c.kind === 'address')
            next = { ...(records.get(contacts[c.contact]!.id) as (typeof contacts)[number]), emails: [c.to] };
          else if (c.kind === 'deal') {
            const day = (days: number) => new Date(NOW + days * DAY).toISOString().slice(0, 10);
            const existing = [...records.values()].filter((r) => r.type === 'deal' && !r.deleted);
            const base =
              c.pick !== null && existing.length
                ? (existing[c.pick % existing.length] as Extract<AnyRecord, { type: 'deal' }>)
                : buildRecord(
                    'deal',
                    {
                      name: 'D',
                      accountId: accounts[c.account]!.id,
                      pipelineId: 'new-business',
                      stageId: c.stage,
                      currency: 'EUR',
                    },
                    by(),
                  );
            const at = NOW - c.enteredDaysAgo * DAY;
            next = {
              ...base,
              accountId: accounts[c.account]!.id,
              status: c.status,
              closedAt: c.status === 'open' ? null : at,
              amount: c.amount,
              closeDate: c.closeIn === null ? null : day(c.closeIn),
              nextStepDate: c.dated ? day(3) : null,
              stageId: c.stage,
              stageHistory: [...base.stageHistory, { at, by: ME, stageId: c.stage }],
            };
          } else if (c.kind === 'cadence')
            next = buildRecord('settings', { cadenceDays: { A: c.a, B: 30, C: 90 } }, by());
          else {
            const candidates = [...records.values()].filter(
              (r) => (c.kind === 'done' ? r.type === 'task' : r.type !== 'settings') && !r.deleted,
            );
            const target = candidates[c.pick % Math.max(1, candidates.length)];
            if (target)
              next =
                c.kind === 'done'
                  ? ({ ...target, done: true } as AnyRecord)
                  : ({ ...target, deleted: true } as AnyRecord);
          }
          if (!next) continue;
          if (next.type === 'settings') for (const [id, r] of records) if (r.type === 'settings') records.delete(id);
          records.set(next.id, next);
          engine.apply(next);
          expect(engine.prompts()).toEqual(computePrompts(split(records), clock));
        }
      }),
      { numRuns: Number(process.env.MARGIN_FC_RUNS ?? 150) },
    );
  });

  it('recomputes when the day changes', () => {
    const account = buildRecord('account', { name: 'Kestrel', tier: 'A' }, by());
    const data: PromptData = {
      accounts: [account],
      contacts: [],
      tasks: [],
      states: [],
      settings: undefined,
      interactions: [buildRecord('interaction', { subjectIds: [account.id], kind: 'call', at: NOW - 10 * DAY }, by())],
    };
    const engine = new PromptEngine(data, clock);
    expect(engine.prompts().find((p) => p.rule === 'follow-up-due')).toBeUndefined();
    engine.setClock({ ...clock, now: NOW + 4 * DAY });
    expect(engine.prompts().find((p) => p.rule === 'follow-up-due')?.when).toBe('today');
  });
  it('two changes to one account between two reads leave one set of its prompts, not the first one’s too', () => {
    const account = buildRecord('account', { name: 'Kestrel', tier: 'A' }, by());
    const engine = new PromptEngine(
      { accounts: [account], contacts: [], tasks: [], states: [], settings: undefined, interactions: [] },
      clock,
    );
    expect(engine.prompts().filter((p) => p.subjectId === account.id)).not.toHaveLength(0);
    // A change-log batch applies the rename and the tier change, then the agenda reads once.
    engine.apply({ ...account, name: 'Kestrel GmbH', updatedAt: NOW - DAY });
    engine.apply({ ...account, name: 'Kestrel GmbH', tier: 'B', updatedAt: NOW });
    const fresh = computePrompts(
      {
        accounts: [{ ...account, name: 'Kestrel GmbH', tier: 'B', updatedAt: NOW }],
        contacts: [],
        tasks: [],
        states: [],
        settings: undefined,
        interactions: [],
      },
      clock,
    );
    expect(engine.prompts().map((p) => p.key)).toEqual(fresh.map((p) => p.key));
  });
});
