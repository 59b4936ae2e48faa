import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import {
  closePatch,
  dealAmount,
  forecast,
  inTeamCurrency,
  movePatch,
  placeOf,
  probabilityOf,
  quarterOf,
  shiftQuarter,
} from '../../shared/deals';
import { applyListEdit, listEdit, listKind } from '../../shared/list-merge';
import { DEFAULT_PIPELINES, LIMITS, dealSchema, settingsSchema, type Deal, type Pipeline } from '../../shared/records';
import { boardColumns, boardColumnsCache, dealRows, matchesFilter, sortRows } from '../../extension/ui/pipeline-view';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 10);
const ME = 'member-me';
const by = (now = NOW, memberId = ME) => ({ memberId, now });
const ACCOUNT = '019a0000-0000-7000-8000-000000000001';
const settings = {
  currency: 'EUR',
  currencyRates: { USD: 0.9 },
  forecastTargets: { '2026-Q4': 100_000 },
  pipelines: DEFAULT_PIPELINES,
};

function deal(fields: Partial<Deal> = {}, now = NOW - 30 * DAY): Deal {
  return {
    ...buildRecord(
      'deal',
      {
        name: 'Hamburg warehouse',
        accountId: ACCOUNT,
        pipelineId: 'new-business',
        stageId: 'qualify',
        currency: 'EUR',
        stageHistory: [{ at: now, by: ME, stageId: fields.stageId ?? 'qualify' }],
      },
      by(now),
    ),
    ...fields,
  };
}

describe('the deal record', () => {
  it('validates amounts, currencies, dates and probabilities, and keeps lists within the limits', () => {
    const good = deal({ amount: 12_500, closeDate: '2026-12-31', probability: 40 });
    expect(dealSchema.parse(good)).toMatchObject({ amount: 12_500, closeDate: '2026-12-31' });
    for (const bad of [
      { amount: -1 },
      { amount: Number.POSITIVE_INFINITY },
      { amount: 2e12 },
      { currency: 'euro' },
      { closeDate: '2026-02-30' },
      { closeDate: '31.12.2026' },
      { probability: 101 },
      { probability: 12.5 },
      { name: '' },
      { accountId: 'not-an-id' },
      { contacts: Array.from({ length: LIMITS.listItems + 1 }, () => ({ contactId: ACCOUNT, role: 'user' as const })) },
    ])
      expect(dealSchema.safeParse({ ...good, ...bad }).success, JSON.stringify(bad)).toBe(false);
  });

  it('team settings start with three pipelines and refuse a pipeline without stages or with repeated ids', () => {
    const fresh = settingsSchema.parse(buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 } }, by()));
    expect(fresh.pipelines.map((p) => p.id)).toEqual(['new-business', 'renewal', 'expansion']);
    expect(fresh.currency).toBe('EUR');
    const withPipelines = (pipelines: Pipeline[]) => settingsSchema.safeParse({ ...fresh, pipelines }).success;
    expect(withPipelines([{ id: 'p', name: 'P', stages: [] }])).toBe(false);
    expect(
      withPipelines([
        {
          id: 'p',
          name: 'P',
          stages: [
            { id: 'a', name: 'A', probability: 10 },
            { id: 'a', name: 'B', probability: 20 },
          ],
        },
      ]),
    ).toBe(false);
    expect(withPipelines([])).toBe(false);
  });

  it('merges its people, lines and stage history by item', () => {
    const kind = listKind('deal', 'stageHistory')!;
    const base = [{ at: 1, by: ME, stageId: 'qualify' }];
    const mine = [...base, { at: 5, by: ME, stageId: 'propose' }];
    const theirs = [...base, { at: 7, by: 'mate', stageId: 'negotiate' }];
    const edit = listEdit(kind, base, mine);
    const merged = applyListEdit(kind, 'stageHistory', theirs, edit);
    expect(merged.map((e) => (e as { stageId: string }).stageId)).toEqual(['qualify', 'negotiate', 'propose']);
    expect(listKind('deal', 'contacts')!.key({ contactId: 'c1', role: 'user' })).toBe('c1');
  });
});

describe('stages, probability and amounts', () => {
  it('takes the stage’s probability unless the deal sets its own; won is 100 and lost 0', () => {
    expect(probabilityOf(deal({ stageId: 'propose' }), DEFAULT_PIPELINES)).toBe(50);
    expect(probabilityOf(deal({ stageId: 'propose', probability: 65 }), DEFAULT_PIPELINES)).toBe(65);
    expect(probabilityOf(deal({ status: 'won', probability: 10 }), DEFAULT_PIPELINES)).toBe(100);
    expect(probabilityOf(deal({ status: 'lost' }), DEFAULT_PIPELINES)).toBe(0);
  });

  it('never strands a deal whose stage or pipeline was removed: it shows where it last was, else first', () => {
    const pipelines: Pipeline[] = [
      {
        id: 'new-business',
        name: 'New',
        stages: [
          { id: 'qualify', name: 'Qualify', probability: 10 },
          { id: 'negotiate', name: 'Negotiate', probability: 70 },
        ],
      },
    ];
    const moved = deal({
      stageId: 'propose',
      stageHistory: [
        { at: 1, by: ME, stageId: 'qualify' },
        { at: 2, by: ME, stageId: 'negotiate' },
        { at: 3, by: ME, stageId: 'propose' },
      ],
    });
    expect(placeOf(moved, pipelines)).toMatchObject({ index: 1, moved: true, stage: { id: 'negotiate' } });
    expect(placeOf(deal({ pipelineId: 'gone', stageId: 'nowhere', stageHistory: [] }), pipelines)).toMatchObject({
      index: 0,
      moved: true,
      pipeline: { id: 'new-business' },
    });
  });

  it('an amount, else its lines’ total, else none; currencies convert by the team’s rates only', () => {
    expect(dealAmount(deal({ amount: 900 }))).toBe(900);
    expect(
      dealAmount(
        deal({
          lines: [
            { id: 'l1', name: 'Racks', quantity: 3, price: 1200 },
            { id: 'l2', name: 'Setup', quantity: 1, price: 400 },
          ],
        }),
      ),
    ).toBe(4000);
    expect(dealAmount(deal())).toBeNull();
    expect(inTeamCurrency(100, 'USD', settings)).toBeCloseTo(90);
    expect(inTeamCurrency(100, 'EUR', settings)).toBe(100);
    expect(inTeamCurrency(100, 'KRW', settings)).toBeNull();
  });

  it('a move records when the deal entered its stage; the same move twice writes nothing; moving a closed deal reopens it', () => {
    const d = deal();
    const patch = movePatch(d, { pipelineId: 'new-business', stageId: 'propose' }, by(NOW))!;
    expect(patch.stageHistory!.at(-1)).toEqual({ at: NOW, by: ME, stageId: 'propose' });
    const after = { ...d, ...patch } as Deal;
    expect(movePatch(after, { pipelineId: 'new-business', stageId: 'propose' }, by(NOW + 1))).toBeNull();
    const won = { ...after, ...closePatch(after, 'won', 'Best offer', by(NOW + DAY), '2026-11-24') } as Deal;
    expect(won).toMatchObject({ status: 'won', closeReason: 'Best offer', closeDate: '2026-11-24' });
    expect(movePatch(won, { pipelineId: 'new-business', stageId: 'propose' }, by(NOW + 2 * DAY))).toEqual({
      pipelineId: 'new-business',
      stageId: 'propose',
      status: 'open',
      closedAt: null,
      closeReason: '',
    });
  });

  it('a far-future or far-past clock closes a deal without a date outside the calendar, and loses nothing', () => {
    const d = deal({ closeDate: '2026-12-31' });
    expect(closePatch(d, 'won', 'ok', by(NOW), '2301-01-01')).toMatchObject({ status: 'won', closeDate: '2026-12-31' });
    expect(dealSchema.safeParse({ ...d, ...closePatch(d, 'lost', '', by(NOW), '1970-01-01') }).success).toBe(true);
    expect(closePatch(d, 'won', '', by(NOW), '2026-11-23').closeDate).toBe('2026-11-23');
  });

  it('keeps at most the last 50 stage entries however often a deal moves', () => {
    let d = deal();
    for (let i = 0; i < 120; i++)
      d = {
        ...d,
        ...movePatch(d, { pipelineId: 'new-business', stageId: i % 2 ? 'qualify' : 'propose' }, by(NOW + i)),
      } as Deal;
    expect(d.stageHistory).toHaveLength(LIMITS.listItems);
    expect(dealSchema.safeParse(d).success).toBe(true);
  });
});

describe('the forecast', () => {
  const deals = [
    deal({ ownerId: ME, status: 'won', amount: 40_000, closeDate: '2026-11-02', closedAt: NOW - 20 * DAY }),
    deal({ ownerId: ME, stageId: 'propose', amount: 20_000, closeDate: '2026-12-15' }),
    deal({ ownerId: 'mate', stageId: 'negotiate', amount: 10_000, currency: 'USD', closeDate: '2026-10-20' }),
    deal({ ownerId: 'mate', stageId: 'commit', amount: 5_000, closeDate: '2027-01-10' }),
    deal({ ownerId: 'mate', status: 'lost', amount: 99_000, closeDate: '2026-12-01' }),
    deal({ ownerId: null, stageId: 'qualify', amount: 1_000_000, currency: 'KRW', closeDate: '2026-12-01' }),
    deal({ ownerId: ME, stageId: 'qualify', amount: 7_000, closeDate: null }),
  ];

  it('sums committed, weighted and best case per owner in the team’s currency, lost deals for nothing', () => {
    const q4 = forecast(deals, settings, '2026-Q4');
    // Won 40,000; open 20,000 × 50% and 10,000 USD × 0.9 × 75%.
    expect(q4.total.committed).toBe(40_000);
    expect(q4.total.weighted).toBeCloseTo(40_000 + 10_000 + 6_750);
    expect(q4.total.bestCase).toBeCloseTo(40_000 + 20_000 + 9_000);
    expect(q4.byOwner.get(ME)).toMatchObject({ committed: 40_000, weighted: 50_000, bestCase: 60_000, deals: 2 });
    expect(q4.byOwner.get('mate')!.weighted).toBeCloseTo(6_750);
    expect(q4.target).toBe(100_000);
    expect(q4.undated).toBe(1);
  });

  it('keeps deals in a currency without a rate apart, in their own currency', () => {
    const q4 = forecast(deals, settings, '2026-Q4');
    expect(q4.apart.get('KRW')).toMatchObject({ committed: 0, weighted: 100_000, bestCase: 1_000_000, deals: 1 });
    expect([...q4.byOwner.keys()].sort()).toEqual(['mate', ME]);
  });

  it('narrows to one owner and moves between quarters across year ends', () => {
    expect(forecast(deals, settings, '2027-Q1', { ownerId: 'mate' }).total.weighted).toBeCloseTo(4_500);
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(quarterOf('2027-01-01')).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2027-Q1', -1)).toBe('2026-Q4');
    expect(shiftQuarter('2026-Q2', -6)).toBe('2024-Q4');
  });
});

describe('the board and list views', () => {
  const accounts = new Map([[ACCOUNT, buildRecord('account', { name: 'Nordlicht', tier: 'A' }, by())]]);
  const deals = [
    deal({ name: 'B', stageId: 'propose', amount: 300, closeDate: '2026-12-01', ownerId: ME }),
    deal({ name: 'A', stageId: 'propose', amount: 100, closeDate: '2026-11-30', ownerId: 'mate' }),
    deal({ name: 'C', stageId: 'qualify', amount: 50, currency: 'KRW' }),
    deal({ name: 'Won', status: 'won', amount: 1000 }),
    deal({ name: 'Renewal', pipelineId: 'renewal', stageId: 'upcoming', amount: 10 }),
  ];
  const pipeline = DEFAULT_PIPELINES[0]!;

  it('columns in stage order with their open deals (closing soonest first) and totals', () => {
    const columns = boardColumns(deals, pipeline, DEFAULT_PIPELINES, settings, () => true);
    expect(columns.map((c) => c.stageId)).toEqual(pipeline.stages.map((s) => s.id));
    expect(columns[0]).toMatchObject({ total: 0, unconverted: 1 });
    expect(columns[2]!.deals.map((d) => d.name)).toEqual(['A', 'B']);
    expect(columns[2]).toMatchObject({ total: 400, weighted: 200 });
  });

  it('orders deals closing the same day alphabetically, and again when a name changes or a new one comes', () => {
    const sameDay = ['zeta', 'Émile', 'Alpha', 'ärger', 'beta'].map((name) =>
      deal({ name, stageId: 'propose', amount: 1, closeDate: '2027-01-15' }),
    );
    const names = (list: typeof sameDay) =>
      boardColumns(list, pipeline, DEFAULT_PIPELINES, settings, () => true)[2]!.deals.map((d) => d.name);
    const collated = (list: string[]) => [...list].sort(new Intl.Collator().compare);
    expect(names(sameDay)).toEqual(collated(['zeta', 'Émile', 'Alpha', 'ärger', 'beta']));
    const renamed = sameDay.map((d) => (d.name === 'zeta' ? { ...d, name: 'Aaron' } : d));
    expect(names(renamed)).toEqual(collated(['Aaron', 'Émile', 'Alpha', 'ärger', 'beta']));
    const added = [...renamed, deal({ name: 'Ürün', stageId: 'propose', amount: 1, closeDate: '2027-01-15' })];
    expect(names(added)).toEqual(collated(['Aaron', 'Émile', 'Alpha', 'ärger', 'beta', 'Ürün']));
    // The earlier close date still comes first, whatever its name.
    const early = [...added, deal({ name: 'zzz', stageId: 'propose', amount: 1, closeDate: '2027-01-01' })];
    expect(names(early)[0]).toBe('zzz');
  });

  it('patches its last columns after a few changes exactly as it would build them anew', () => {
    const stages = DEFAULT_PIPELINES[0]!.stages.map((s) => s.id);
    const start = Array.from({ length: 60 }, (_, i) =>
      deal({
        name: `Deal ${i % 7}`,
        stageId: stages[i % stages.length]!,
        amount: 100 + i,
        currency: i % 5 ? 'EUR' : 'USD',
        closeDate: i % 4 ? `2027-0${1 + (i % 3)}-15` : null,
        pipelineId: i % 9 ? 'new-business' : 'renewal',
        ownerId: i % 2 ? ME : 'mate',
      }),
    );
    const edit = fc.record({
      at: fc.nat(59),
      stage: fc.constantFrom(...stages),
      status: fc.constantFrom('open', 'open', 'open', 'won', 'lost'),
      amount: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1_000 })),
      closeDate: fc.constantFrom(null, '2027-01-15', '2027-02-15', '2026-12-31'),
      name: fc.constantFrom('Deal 1', 'Deal 3', 'A brand new name'),
      pipelineId: fc.constantFrom('new-business', 'new-business', 'renewal', 'gone'),
    });
    const keep = (d: Deal) => d.ownerId === ME || d.amount !== null;
    const shape = (columns: ReturnType<typeof boardColumns>) =>
      columns.map((c) => ({ ...c, deals: c.deals.map((d) => `${d.id} ${d.stageId} ${d.name}`) }));
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), (rounds) => {
        const columnsOf = boardColumnsCache();
        let list = start;
        columnsOf(list, pipeline, DEFAULT_PIPELINES, settings, keep, []);
        for (const round of rounds) {
          list = list.slice();
          for (const e of round)
            list[e.at] = {
              ...list[e.at]!,
              stageId: e.stage,
              status: e.status,
              amount: e.amount,
              closeDate: e.closeDate,
              name: e.name,
              pipelineId: e.pipelineId,
            } as Deal;
          const patched = columnsOf(list, pipeline, DEFAULT_PIPELINES, settings, keep, []);
          expect(shape(patched)).toEqual(shape(boardColumns(list, pipeline, DEFAULT_PIPELINES, settings, keep)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the columns of the same deals, and builds them anew for another filter', () => {
    const columnsOf = boardColumnsCache();
    const first = columnsOf(deals, pipeline, DEFAULT_PIPELINES, settings, () => true, ['all']);
    expect(
      columnsOf(deals, pipeline, DEFAULT_PIPELINES, { ...settings, currencyRates: { USD: 0.9 } }, () => true, ['all']),
    ).toBe(first);
    const mine = columnsOf(deals, pipeline, DEFAULT_PIPELINES, settings, (d) => d.ownerId === ME, ['mine']);
    expect(mine[2]!.deals.map((d) => d.name)).toEqual(['B']);
  });

  it('filters by owner, tier and close quarter, and sorts either way', () => {
    const mine = deals.filter((d) =>
      matchesFilter(d, accounts.get(d.accountId), { owner: ME, tier: 'all', quarter: 'all' }),
    );
    expect(mine.map((d) => d.name)).toEqual(['B']);
    expect(
      deals.filter((d) => matchesFilter(d, accounts.get(d.accountId), { owner: 'all', tier: 'B', quarter: 'all' })),
    ).toEqual([]);
    expect(
      deals
        .filter((d) => matchesFilter(d, undefined, { owner: 'all', tier: 'all', quarter: 'none' }))
        .map((d) => d.name),
    ).toEqual(['C', 'Won', 'Renewal']);
    const rows = dealRows(
      deals,
      {
        pipelines: DEFAULT_PIPELINES,
        settings,
        accounts,
        lastTouch: new Map(),
        memberName: (id) => id ?? '',
        now: NOW,
      },
      () => true,
    );
    expect(sortRows(rows, 'amount', -1).map((r) => r.deal.name)).toEqual(['Won', 'B', 'A', 'Renewal', 'C']);
    expect(
      sortRows(rows, 'closeDate', 1)
        .map((r) => r.deal.name)
        .slice(0, 2),
    ).toEqual(['A', 'B']);
  });
});
