import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { PORTFOLIO_SNAPSHOT_VERSION, PortfolioStore, type PortfolioState } from '../../extension/ui/portfolio-store';
import { createRecord } from '../../extension/ui/local-writes';
import { changeAccounts } from '../../extension/ui/account-writes';
import { freshDbs } from '../support/test-db';
import { packFacts, unpackFacts } from '../../shared/portfolio/facts-columns';
import type { MarginDB } from '../../extension/lib/db';

const freshDb = freshDbs('portfolio-store');
const NOW = Date.UTC(2026, 11, 3, 10);
const by = { memberId: 'rep', now: NOW };
const author = { memberId: 'rep', teamId: 'team-1', now: NOW + 1 };

async function seeded(db: MarginDB) {
  const alpen = await createRecord(db, buildRecord('account', { name: 'Alpen Bau', tier: 'A', ownerId: 'rep' }, by));
  const baltic = await createRecord(db, buildRecord('account', { name: 'Baltic Freight', tier: 'B' }, by));
  const hans = await createRecord(db, buildRecord('contact', { name: 'Hans', accountId: alpen.id }, by));
  await createRecord(db, buildRecord('interaction', { subjectIds: [hans.id], kind: 'call', at: NOW - 86_400_000 }, by));
  return { alpen, baltic, hans };
}

function follow(store: PortfolioStore) {
  const states: PortfolioState[] = [];
  const stop = store.subscribe((s) => states.push(s));
  return { states, stop, last: () => states.at(-1) };
}

describe('the portfolio page’s store', () => {
  it('reads everything on the first open, saves the facts, and draws the next open from them', async () => {
    const db = freshDb();
    const { alpen } = await seeded(db);
    const first = follow(new PortfolioStore(db, async () => 'team-1'));
    await expect.poll(() => first.last()?.status).toBe('current');
    const facts = first.last()!.facts;
    expect(facts.map((f) => [f.name, f.touches.length, f.contacts])).toEqual([
      ['Alpen Bau', 1, 1],
      ['Baltic Freight', 0, 0],
    ]);
    await expect.poll(async () => (await db.getMeta('portfolio'))?.columns.count).toBe(2);
    first.stop();

    const second = new PortfolioStore(db, async () => 'team-1');
    const next = follow(second);
    await expect.poll(() => next.last()?.status).toBe('current');
    // From the saved copy: one state, no "reading" first.
    expect(next.states.map((s) => s.status)).toEqual(['current']);
    expect(next.last()!.facts.find((f) => f.id === alpen.id)!.touches).toEqual([NOW - 86_400_000]);
    next.stop();
  });

  it('patches an owner or tier change in place and re-reads when interactions change', async () => {
    const db = freshDb();
    const { alpen, baltic, hans } = await seeded(db);
    const store = new PortfolioStore(db, async () => 'team-1');
    const s = follow(store);
    await expect.poll(() => s.last()?.status).toBe('current');
    await changeAccounts(db, [alpen.id, baltic.id], { ownerId: 'mate' }, author);
    await expect.poll(() => s.last()!.facts.map((f) => f.ownerId)).toEqual(['mate', 'mate']);
    // The patch kept what it did not read again.
    expect(s.last()!.facts.find((f) => f.id === alpen.id)!.touches).toHaveLength(1);
    await createRecord(db, buildRecord('interaction', { subjectIds: [hans.id], kind: 'email', at: NOW }, by));
    await expect.poll(() => s.last()!.facts.find((f) => f.id === alpen.id)!.touches).toEqual([NOW - 86_400_000, NOW]);
    await store.idle();
    expect(unpackFacts((await db.getMeta('portfolio'))!.columns).find((f) => f.id === alpen.id)!.touches).toHaveLength(
      2,
    );
    s.stop();
  });

  it('never draws another team’s saved facts, one of an older version, one from before the changes were pruned, or one that does not unpack', async () => {
    const db = freshDb();
    await seeded(db);
    const stale = { version: PORTFOLIO_SNAPSHOT_VERSION, teamId: 'team-1', seq: 0, columns: packFacts([]) };
    for (const saved of [
      { ...stale, teamId: 'another-team' },
      { ...stale, version: PORTFOLIO_SNAPSHOT_VERSION + 1 },
      { ...stale, seq: 10_000 },
      { ...stale, columns: { ...packFacts([]), count: 3 } },
      { ...stale, columns: undefined as never },
    ]) {
      await db.setMeta('portfolio', saved);
      const s = follow(new PortfolioStore(db, async () => 'team-1'));
      await expect.poll(() => s.last()?.status).toBe('current');
      expect(s.states[0]!.status).toBe('reading');
      expect(s.last()!.facts).toHaveLength(2);
      s.stop();
    }
  });

  it('changes many accounts in one batch: all of them, one outbox row, deleted ones left out', async () => {
    const db = freshDb();
    const { alpen, baltic } = await seeded(db);
    const before = await db.outbox.count();
    const count = await changeAccounts(db, [alpen.id, baltic.id, alpen.id, 'not-an-account'], { tier: 'C' }, author);
    expect(count).toBe(2);
    expect((await db.accounts.bulkGet([alpen.id, baltic.id])).map((a) => a?.tier)).toEqual(['C', 'C']);
    expect(await db.outbox.count()).toBe(before + 1);
    await expect(changeAccounts(db, [alpen.id], { tier: 'Z' as never }, author)).rejects.toThrow();
    expect((await db.accounts.get(alpen.id))!.tier).toBe('C');
  });
});
