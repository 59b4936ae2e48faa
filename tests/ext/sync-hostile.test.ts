import { describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { MAX_CLOCK_SKEW_MS, formatHlc } from '../../shared/hlc';
import { toEnvelope, type PullResponse, type WirePulledRow } from '../../shared/protocol';
import type { SyncApi } from '../../extension/background/api-client';
import { ensureClient } from '../../extension/lib/client-state';
import { createRecord, updateRecord } from '../../extension/ui/local-writes';
import { syncOnce } from '../../extension/background/sync-engine';
import { syncProfiles } from '../support/sync-profiles';

const serverUrl = inject('serverUrl');
const { newDb, teamOfTwo } = syncProfiles(serverUrl, 'hostile');

describe('sync under unlucky and hostile input', () => {
  it('files a refusal whose reply was lost under "not synced", from the retry or from a pull', async () => {
    for (const recovery of ['push', 'pull'] as const) {
      const { a, b } = await teamOfTwo('Hostile Team', 'Mo');
      const account = await createRecord(a.db, buildRecord('account', { name: 'Contoso' }, a.by()));
      const note = await createRecord(
        a.db,
        buildRecord('note', { subjectId: account.id, body: 'For the whole team.' }, a.by()),
      );
      await syncOnce(a.db, a.api);
      await syncOnce(b.db, b.api);
      // Only the author may change who sees a note: the server refuses this, and the reply is lost.
      await updateRecord(b.db, 'note', note.id, { visibility: 'private' });
      const lossy: SyncApi = {
        pull: (body) => b.api.pull(body),
        push: async (body) => {
          await b.api.push(body);
          throw new Error('connection reset');
        },
      };
      await expect(syncOnce(b.db, lossy)).rejects.toThrow('connection reset');
      expect(await b.db.rejected.count()).toBe(0);
      const next: SyncApi =
        recovery === 'push'
          ? b.api
          : { pull: (body) => b.api.pull(body), push: async () => ({ lastMutationId: 0, rejected: [] }) };
      await syncOnce(b.db, next);
      const [refused] = await b.db.rejected.toArray();
      expect(refused).toMatchObject({ code: 'forbidden', mutation: { name: 'record.update', recordId: note.id } });
      expect(await b.db.outbox.count()).toBe(0);
      // Settled: the next round does not file it again.
      await syncOnce(b.db, b.api);
      expect(await b.db.rejected.count()).toBe(1);
    }
  });

  it('keeps a row it cannot read aside and syncs on', async () => {
    const db = newDb();
    const { clientId } = await ensureClient(db);
    const by = { memberId: 'm1', now: Date.now() };
    const account = buildRecord('account', { name: 'Readable GmbH' }, by);
    const hlc = formatHlc({ ms: Date.now(), counter: 0 }, clientId);
    const tooManyConflicts = {
      ...buildRecord('note', { subjectId: account.id, body: 'x' }, by),
      rev: 2,
      conflicts: Array.from({ length: 51 }, (_, i) => ({
        id: `c${i}`,
        by: 'm2',
        byName: 'M',
        at: 1,
        body: `v${i}`,
        baseRev: 1,
        clientId: null,
      })),
    };
    const rows: WirePulledRow[] = [
      { id: account.id, type: 'account', seq: 1, deleted: false, hlc, record: account },
      { id: tooManyConflicts.id, type: 'note', seq: 2, deleted: false, hlc, record: tooManyConflicts },
    ];
    const page: PullResponse = {
      rows,
      cursor: 2,
      hasMore: false,
      reset: false,
      lastMutationId: 0,
      remaining: 0,
      rejected: [],
    };
    const api: SyncApi = { push: async () => ({ lastMutationId: 0, rejected: [] }), pull: async () => page };
    const result = await syncOnce(db, api);
    expect(result.pulled).toBe(2);
    expect(await db.accounts.get(account.id)).toMatchObject({ name: 'Readable GmbH' });
    expect(await db.getMeta('cursor')).toBe(2);
    expect(await db.held.get(tooManyConflicts.id)).toMatchObject({ type: 'note', seq: 2 });
    expect((await db.held.get(tooManyConflicts.id))!.reason).toMatch(/conflicts/);
  });

  it('sends a rep’s edits of a note not yet synced as edits, never as a conflict with themselves', async () => {
    const { a, b } = await teamOfTwo('Hostile Team', 'Mo');
    const account = await createRecord(a.db, buildRecord('account', { name: 'Contoso' }, a.by()));
    const note = await createRecord(
      a.db,
      buildRecord('note', { subjectId: account.id, body: 'Met Ana at the fair.' }, a.by()),
    );
    await updateRecord(a.db, 'note', note.id, { body: 'Met Ana at the trade fair.' });
    await updateRecord(a.db, 'note', note.id, { body: 'Met Ana Silva at the trade fair.' });
    await syncOnce(a.db, a.api);
    // A teammate edits the note while a's next edits wait offline, each from the revision a last saw.
    await syncOnce(b.db, b.api);
    await updateRecord(b.db, 'note', note.id, { body: 'Met Ana Silva at the trade fair. Budget 10k.' });
    await syncOnce(b.db, b.api);
    await updateRecord(a.db, 'note', note.id, { body: 'Met Ana Silva (CFO) at the trade fair.' });
    await updateRecord(a.db, 'note', note.id, { body: 'Met Ana Silva (CFO) at the Hamburg trade fair.' });
    await syncOnce(a.db, a.api);
    await syncOnce(b.db, b.api);
    for (const db of [a.db, b.db]) {
      expect(await db.notes.get(note.id)).toMatchObject({
        body: 'Met Ana Silva (CFO) at the Hamburg trade fair. Budget 10k.',
        conflicts: [],
      });
    }
  });

  it('numbers its queue again when the server says ids were skipped, and loses nothing', async () => {
    const { a, b } = await teamOfTwo('Hostile Team', 'Mo');
    await createRecord(a.db, buildRecord('contact', { name: 'First' }, a.by()));
    await syncOnce(a.db, a.api);
    // As if this profile's data came back from an older copy with its counter ahead of the server.
    const client = (await a.db.getMeta('client'))!;
    await a.db.setMeta('client', { ...client, nextMutationId: client.nextMutationId + 7 });
    await createRecord(a.db, buildRecord('contact', { name: 'Second' }, a.by()));
    await createRecord(a.db, buildRecord('contact', { name: 'Third' }, a.by()));
    const result = await syncOnce(a.db, a.api);
    expect(result).toMatchObject({ pushed: 2, rejected: 0 });
    expect(await a.db.outbox.count()).toBe(0);
    await syncOnce(b.db, b.api);
    expect((await b.db.contacts.toArray()).map((c) => c.name).sort()).toEqual(['First', 'Second', 'Third']);
  });

  it('keeps a valid clock after pulling a stamp from the far future, and its pushes are taken', async () => {
    const { a, b } = await teamOfTwo('Hostile Team', 'Mo');
    const { clientId } = await ensureClient(a.db);
    const record = buildRecord('contact', { name: 'From the future' }, a.by());
    await a.api.push({
      clientId,
      mutations: [toEnvelope({ id: 1, name: 'record.create', hlc: `9999999999999:99999:${clientId}`, record })],
    });
    await syncOnce(b.db, b.api);
    const clock = (await b.db.getMeta('client'))!.clock;
    expect(clock.ms).toBeLessThanOrEqual(Date.now() + MAX_CLOCK_SKEW_MS);
    await updateRecord(b.db, 'contact', record.id, { title: 'Buyer' });
    expect(await syncOnce(b.db, b.api)).toMatchObject({ pushed: 1, rejected: 0 });
  });
});
