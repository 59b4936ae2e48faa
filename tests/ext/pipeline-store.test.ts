import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import type { Deal } from '../../shared/records';
import { PipelineStore, type PipelineSnapshot } from '../../extension/ui/pipeline-store';
import { createRecord, deleteRecord } from '../../extension/ui/local-writes';
import { moveDeal } from '../../extension/ui/deal-writes';
import { freshDbs } from '../support/test-db';

const freshDb = freshDbs('pipeline-store');
const NOW = Date.UTC(2026, 10, 23, 10);
const by = { memberId: 'rep', now: NOW };

describe('the pipeline page’s store', () => {
  it('gives the first cards of each stage first, then every deal, then follows moves from the change log', async () => {
    const db = freshDb();
    const account = await createRecord(db, buildRecord('account', { name: 'Nordlicht' }, by));
    for (let i = 0; i < 12; i++)
      await createRecord(
        db,
        buildRecord(
          'deal',
          {
            name: `D${i}`,
            accountId: account.id,
            pipelineId: 'new-business',
            stageId: 'qualify',
            currency: 'EUR',
            status: i === 11 ? 'won' : 'open',
            closeDate: `2026-12-${String(10 + i).padStart(2, '0')}`,
          },
          by,
        ),
      );
    const store = new PipelineStore(db, 3);
    const snapshots: PipelineSnapshot[] = [];
    const stop = store.subscribe((s) => snapshots.push(s));
    await expect.poll(() => snapshots.at(-1)?.complete).toBe(true);
    // First: only the three open deals closing soonest in the stage, and their account.
    expect(snapshots[0]).toMatchObject({ complete: false });
    expect(snapshots[0]!.deals.map((d) => d.name)).toEqual(['D0', 'D1', 'D2']);
    expect(snapshots[0]!.accounts.get(account.id)).toEqual({ id: account.id, name: 'Nordlicht', tier: 'C' });
    expect(snapshots.at(-1)!.deals).toHaveLength(12);

    const d5 = (await db.deals.toArray()).find((d) => d.name === 'D5') as Deal;
    await moveDeal(db, d5, { pipelineId: 'new-business', stageId: 'propose' }, { ...by, teamId: 't', now: NOW + 1 });
    await expect.poll(() => snapshots.at(-1)!.deals.find((d) => d.name === 'D5')?.stageId).toBe('propose');
    stop();
  });

  it('skips a deleted deal among the first cards and still gives as many as asked', async () => {
    const db = freshDb();
    const account = await createRecord(db, buildRecord('account', { name: 'Porto Têxteis' }, by));
    const deals: Deal[] = [];
    for (let i = 0; i < 6; i++)
      deals.push(
        await createRecord(
          db,
          buildRecord(
            'deal',
            {
              name: `P${i}`,
              accountId: account.id,
              pipelineId: 'new-business',
              stageId: 'qualify',
              currency: 'EUR',
              closeDate: `2026-12-${String(10 + i).padStart(2, '0')}`,
            },
            by,
          ),
        ),
      );
    // The one closing soonest is deleted: its tombstone stays in the index, still "open".
    await deleteRecord(db, 'deal', deals[0]!.id, NOW + 1);
    const firstInIndex = await db.deals
      .where('[status+pipelineId+stageId+closeDate]')
      .between(['open', 'new-business', 'qualify', ''], ['open', 'new-business', 'qualify', '\uffff'])
      .first();
    expect(firstInIndex).toMatchObject({ id: deals[0]!.id, deleted: true });
    const store = new PipelineStore(db, 3);
    const snapshots: PipelineSnapshot[] = [];
    const stop = store.subscribe((s) => snapshots.push(s));
    await expect.poll(() => snapshots.at(-1)?.complete).toBe(true);
    expect(snapshots[0]).toMatchObject({ complete: false });
    expect(snapshots[0]!.deals.map((d) => d.name)).toEqual(['P1', 'P2', 'P3']);
    expect(
      snapshots
        .at(-1)!
        .deals.map((d) => d.name)
        .sort(),
    ).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    stop();
  });
});
