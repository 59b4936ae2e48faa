import { describe, expect, it } from 'vitest';
import { latestSeq, readChanges } from '../../extension/lib/change-log';
import { freshDbs } from '../support/test-db';

const freshDb = freshDbs('changes');

describe('the change log, as its readers see it', () => {
  it('sums up what changed after a seq: distinct ids per type, the seq to follow from', async () => {
    const db = freshDb();
    expect(await latestSeq(db)).toBe(0);
    const first = await db.changes.add({ ids: { contact: ['c1', 'c2'] } });
    await db.changes.add({ ids: { contact: ['c2'], note: ['n1'] } });
    const last = await db.changes.add({ ids: { account: ['a1'] } });
    expect(await latestSeq(db)).toBe(last);
    const changes = (await readChanges(db, first, 100))!;
    expect(changes.entries).toHaveLength(2);
    expect(changes.seq).toBe(last);
    expect([changes.ids('contact'), changes.ids('note'), changes.ids('account'), changes.ids('task')]).toEqual([
      ['c2'],
      ['n1'],
      ['a1'],
      [],
    ]);
    expect(changes.reread).toBe(false);
    expect(await readChanges(db, last, 100)).toBeNull();
  });

  it('asks for a full read after a reset, after entries the reader missed were pruned, or past a volume', async () => {
    const db = freshDb();
    const seq = await db.changes.add({ ids: { contact: ['c1'] } });
    await db.changes.add({ ids: { contact: ['c2', 'c3', 'c4'] } });
    expect((await readChanges(db, seq - 1, 100))!.reread).toBe(false);
    expect((await readChanges(db, seq - 1, 3))!.reread).toBe(true); // four records changed
    await db.setMeta('changesPrunedBelow', seq + 1);
    expect((await readChanges(db, seq - 1, 100))!.reread).toBe(true); // the reader never saw `seq`
    expect((await readChanges(db, seq, 100))!.reread).toBe(false);
    await db.changes.add({ ids: {}, reset: true });
    expect((await readChanges(db, seq + 1, 100))!.reread).toBe(true);
  });
});
