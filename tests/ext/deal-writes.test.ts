import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { DEFAULT_PIPELINES, type Deal, type Settings } from '../../shared/records';
import { MarginDB } from '../../extension/lib/db';
import { syncApi } from '../../extension/background/api-client';
import { syncOnce } from '../../extension/background/sync-engine';
import { createRecord } from '../../extension/ui/local-writes';
import { closeDeal, createDeal, moveDeal, saveDealSettings, updateDeal } from '../../extension/ui/deal-writes';
import type { Author } from '../../extension/ui/author';
import { createInvite, createTeam, joinTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const opened: MarginDB[] = [];
const newDb = () => {
  const db = new MarginDB(`deal-writes-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});
const author = (memberId: string, now = Date.now()): Author => ({ teamId: 'team', memberId, now });

async function withAccount(db: MarginDB, memberId: string) {
  return createRecord(
    db,
    buildRecord('account', { name: 'Nordlicht Logistik', tier: 'A' }, { memberId, now: Date.now() }),
  );
}

describe('deal writes', () => {
  it('a new deal starts in its pipeline’s first stage, owned by its author, in the team’s currency, its creation in its history', async () => {
    const db = newDb();
    const account = await withAccount(db, 'rep');
    await createRecord(
      db,
      buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, currency: 'CNY' }, { memberId: 'rep', now: 1 }),
    );
    const deal = await createDeal(db, { name: 'Racks', accountId: account.id }, author('rep', 1_000));
    expect(deal).toMatchObject({
      pipelineId: 'new-business',
      stageId: 'qualify',
      ownerId: 'rep',
      currency: 'CNY',
      status: 'open',
      stageHistory: [{ at: 1_000, by: 'rep', stageId: 'qualify' }],
    });
    const renewal = await createDeal(
      db,
      { name: 'Renewal 2027', accountId: account.id, pipelineId: 'renewal', stageId: 'review', ownerId: null },
      author('rep'),
    );
    expect(renewal).toMatchObject({ pipelineId: 'renewal', stageId: 'review', ownerId: null });
    await expect(createDeal(db, { name: '', accountId: account.id }, author('rep'))).rejects.toThrow(/name/);
    await expect(createDeal(db, { name: 'X', accountId: account.id, amount: -5 }, author('rep'))).rejects.toThrow();
    expect(await db.deals.count()).toBe(2);
  });

  it('moving, the same move twice, winning with a reason: one history entry per real move', async () => {
    const db = newDb();
    const T = Date.UTC(2026, 10, 23, 10);
    const account = await withAccount(db, 'rep');
    const deal = await createDeal(db, { name: 'Racks', accountId: account.id }, author('rep', T));
    const read = async () => (await db.deals.get(deal.id)) as Deal;
    await moveDeal(db, await read(), { pipelineId: 'new-business', stageId: 'propose' }, author('rep', T + 2_000));
    await moveDeal(db, await read(), { pipelineId: 'new-business', stageId: 'propose' }, author('rep', T + 3_000));
    await closeDeal(db, await read(), 'won', '  Best service offer  ', author('rep', T + 4_000));
    expect(await read()).toMatchObject({
      stageId: 'propose',
      status: 'won',
      closedAt: T + 4_000,
      closeDate: '2026-11-23',
      closeReason: 'Best service offer',
      stageHistory: [
        { at: T, stageId: 'qualify' },
        { at: T + 2_000, stageId: 'propose' },
      ],
    });
  });

  it('removing a stage moves its open deals to the stage before it, in one batch with the settings', async () => {
    const db = newDb();
    const account = await withAccount(db, 'rep');
    const settings = await createRecord(
      db,
      buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 } }, { memberId: 'rep', now: 1 }),
    );
    const inPropose = await createDeal(db, { name: 'A', accountId: account.id, stageId: 'propose' }, author('rep'));
    const inQualify = await createDeal(db, { name: 'B', accountId: account.id, stageId: 'qualify' }, author('rep'));
    const pipelines: Settings['pipelines'] = structuredClone(DEFAULT_PIPELINES);
    pipelines[0]!.stages = pipelines[0]!.stages.filter((s) => s.id !== 'propose' && s.id !== 'discover');
    pipelines[0]!.stages[0]!.name = 'Qualified lead';
    const moved = await saveDealSettings(
      db,
      settings,
      { pipelines, currency: 'EUR', currencyRates: { USD: 0.92 }, forecastTargets: { '2027-Q1': 250_000 } },
      author('rep'),
    );
    expect(moved).toBe(1);
    expect(await db.deals.get(inPropose.id)).toMatchObject({ stageId: 'qualify', status: 'open' });
    expect((await db.deals.get(inQualify.id))?.stageHistory).toHaveLength(1);
    expect((await db.settings.get(settings.id))?.pipelines[0]?.stages.map((s) => s.name)).toEqual([
      'Qualified lead',
      'Negotiation',
      'Verbal yes',
    ]);
    // One outbox entry for the whole save: the settings and the move land together or not at all.
    expect(await db.outbox.count()).toBe(5);
  });

  it('two reps edit one deal offline, one moving it and one pricing it: both edits survive the server', async () => {
    const owner = await createTeam(serverUrl, 'Deals');
    const mate = await joinTeam(serverUrl, await createInvite(serverUrl, owner.token), 'Mate');
    const [a, b] = [newDb(), newDb()];
    const apiA = syncApi(serverUrl, owner.token);
    const apiB = syncApi(serverUrl, mate.token);
    const account = await withAccount(a, owner.member.id);
    const deal = await createDeal(
      a,
      { name: 'Hamburg racks', accountId: account.id, amount: 10_000 },
      author(owner.member.id),
    );
    await syncOnce(a, apiA);
    await syncOnce(b, apiB);
    const onB = (await b.deals.get(deal.id)) as Deal;
    expect(onB).toMatchObject({ name: 'Hamburg racks', amount: 10_000 });
    await moveDeal(
      a,
      (await a.deals.get(deal.id)) as Deal,
      { pipelineId: 'new-business', stageId: 'negotiate' },
      author(owner.member.id),
    );
    await updateDeal(
      b,
      onB,
      { amount: 12_500, lines: [{ id: 'l1', name: 'Racks', quantity: 25, price: 500 }], contacts: [] },
      author(mate.member.id),
    );
    await syncOnce(a, apiA);
    await syncOnce(b, apiB);
    await syncOnce(a, apiA);
    for (const db of [a, b])
      expect(await db.deals.get(deal.id)).toMatchObject({
        stageId: 'negotiate',
        amount: 12_500,
        lines: [{ name: 'Racks', quantity: 25 }],
        stageHistory: [{ stageId: 'qualify' }, { stageId: 'negotiate' }],
      });
  });
});
