import { describe, expect, inject, it } from 'vitest';
import type { SessionResponse } from '../../shared/api';
import { buildRecord } from '../../shared/factories';
import type { AnyRecord } from '../../shared/records';
import { syncApi, type SyncApi } from '../../extension/background/api-client';
import { createRecord, updateRecord, writeBatch, type BatchWrite } from '../../extension/ui/local-writes';
import {
  allQueued,
  outboxHead,
  OUTBOX_BATCH_SIZE,
  queuedCount,
  queuedFor,
  removeQueuedThrough,
} from '../../extension/lib/outbox';
import { syncOnce } from '../../extension/background/sync-engine';
import { createTeam } from '../support/team';
import { freshDbs } from '../support/test-db';

const serverUrl = inject('serverUrl');
const freshDb = freshDbs('outbox');

function profile(session: SessionResponse) {
  return {
    db: freshDb(),
    session,
    api: syncApi(serverUrl, session.token),
    by: () => ({ memberId: session.member.id, now: Date.now() }),
  };
}

const creates = (records: AnyRecord[]): BatchWrite[] => records.map((record) => ({ kind: 'create', record }));

describe('the outbox: single writes and batches of writes', () => {
  it('queues a batch as a few rows, counts and reads it mutation by mutation, and trims it from the front', async () => {
    const db = freshDb(); // no server needed: the outbox alone
    const by = { memberId: 'm', now: Date.now() };
    const first = await createRecord(db, buildRecord('account', { name: 'Before' }, by));
    const contacts = Array.from({ length: 1_200 }, (_, i) => buildRecord('contact', { name: `Person ${i}` }, by));
    await writeBatch(db, creates(contacts), by.now, { validated: true });
    await updateRecord(db, 'contact', contacts[700]!.id, { title: 'Buyer' });

    expect(await db.outbox.count()).toBe(1 + Math.ceil(1_200 / OUTBOX_BATCH_SIZE) + 1); // rows
    expect(await queuedCount(db)).toBe(1_202); // mutations
    const all = await allQueued(db);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => a - b));
    expect(all[0]!.recordId).toBe(first.id);
    expect(all.at(-1)).toMatchObject({ name: 'record.update', recordId: contacts[700]!.id });

    // The head for a push: by count, across rows; by bytes; never empty.
    expect((await outboxHead(db, 500, Infinity, () => 1)).map((e) => e.recordId)).toEqual(
      all.slice(0, 500).map((e) => e.recordId),
    );
    expect(await outboxHead(db, 500, 10_000, () => 1_000)).toHaveLength(10);
    expect(await outboxHead(db, 500, 10, () => 1_000)).toHaveLength(1);

    // Pending writes of one record are found inside batches too, in order.
    expect((await queuedFor(db, [contacts[700]!.id])).map((e) => e.name)).toEqual(['record.create', 'record.update']);

    // Acknowledged through the middle of a batch: the rest stays queued, nothing else is touched.
    const through = all[300]!.id;
    await db.transaction('rw', db.outbox, () => removeQueuedThrough(db, through));
    expect((await allQueued(db)).map((e) => e.id)).toEqual(all.filter((e) => e.id > through).map((e) => e.id));
    expect(await queuedCount(db)).toBe(1_202 - 301);
    expect((await queuedFor(db, [contacts[700]!.id])).map((e) => e.name)).toEqual(['record.create', 'record.update']);
  });

  it('pushes a 1,200-write import in a few requests, refusals included, and a teammate receives every record', async () => {
    const owner = await createTeam(serverUrl, 'Import Team');
    const a = profile(owner);
    const pushes: number[] = [];
    const counting: SyncApi = {
      pull: (body) => a.api.pull(body),
      push: (body) => {
        pushes.push(body.mutations.length);
        return a.api.push(body);
      },
    };
    // An update to a record the server never had is refused for good; it sits in the middle of the batch.
    const ghost = buildRecord('contact', { name: 'Ghost' }, a.by());
    await a.db.contacts.put(ghost);
    const contacts = Array.from({ length: 1_200 }, (_, i) =>
      buildRecord('contact', { name: `Person ${i}`, emails: [`p${i}@example.com`] }, a.by()),
    );
    await writeBatch(
      a.db,
      [
        ...creates(contacts.slice(0, 600)),
        { kind: 'update', type: 'contact', recordId: ghost.id, patch: { title: 'x' } },
        ...creates(contacts.slice(600)),
      ],
      Date.now(),
      { validated: true },
    );

    const result = await syncOnce(a.db, counting);
    expect(result).toMatchObject({ pushed: 1_201, rejected: 1 });
    expect(pushes).toEqual([500, 500, 201]);
    expect(await queuedCount(a.db)).toBe(0);
    expect(await a.db.rejected.toArray()).toEqual([
      expect.objectContaining({ code: 'not_found', mutation: expect.objectContaining({ recordId: ghost.id }) }),
    ]);

    const teammate = profile(owner);
    await syncOnce(teammate.db, teammate.api);
    expect(await teammate.db.contacts.count()).toBe(1_200);
  });

  it('splits a push by bytes: thirty long notes (2.7 MB) reach the server under its 2 MiB request limit', async () => {
    const owner = await createTeam(serverUrl, 'Long Notes');
    const a = profile(owner);
    const account = await createRecord(a.db, buildRecord('account', { name: 'Wordy' }, a.by()));
    const notes = Array.from({ length: 30 }, (_, i) =>
      buildRecord('note', { subjectId: account.id, body: `${i} ${'long meeting minutes '.repeat(4_300)}` }, a.by()),
    );
    await writeBatch(a.db, creates(notes), Date.now(), { validated: true });
    const result = await syncOnce(a.db, a.api);
    expect(result).toMatchObject({ pushed: 31, rejected: 0 });
    const teammate = profile(owner);
    await syncOnce(teammate.db, teammate.api);
    expect(await teammate.db.notes.count()).toBe(30);
  });
});
