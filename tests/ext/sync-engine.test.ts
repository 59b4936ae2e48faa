import { describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { syncApi, type SyncApi } from '../../extension/background/api-client';
import { createRecord, deleteRecord, updateRecord, writeBatch } from '../../extension/ui/local-writes';
import { PULL_PAGE, syncOnce } from '../../extension/background/sync-engine';
import { createTeam } from '../support/team';
import { syncProfiles } from '../support/sync-profiles';

const serverUrl = inject('serverUrl');
const { profile, teamOfTwo } = syncProfiles(serverUrl, 'sync');

describe('sync engine against the real worker', () => {
  it('carries a note written in one profile to another', async () => {
    const { a, b } = await teamOfTwo();
    const account = await createRecord(
      a.db,
      buildRecord('account', { name: 'Contoso', domains: ['contoso.com'], tier: 'A' }, a.by()),
    );
    const note = await createRecord(
      a.db,
      buildRecord('note', { subjectId: account.id, body: 'Renewal talk in March; CFO is 王芳.' }, a.by()),
    );
    const first = await syncOnce(a.db, a.api);
    expect(first).toMatchObject({ pushed: 2, rejected: 0 });
    expect(await a.db.outbox.count()).toBe(0);

    const second = await syncOnce(b.db, b.api);
    expect(second.pulled).toBe(2);
    expect(await b.db.notes.get(note.id)).toMatchObject({
      body: 'Renewal talk in March; CFO is 王芳.',
      createdBy: a.session.member.id,
    });
    expect(await b.db.accounts.get(account.id)).toMatchObject({ name: 'Contoso', tier: 'A' });
    expect(await b.db.getMeta('cursor')).toBeGreaterThan(0);
  });

  it('loses and duplicates nothing when a push response is lost', async () => {
    const { a, b } = await teamOfTwo();
    let dropResponse = true;
    const flaky: SyncApi = {
      pull: (body) => a.api.pull(body),
      async push(body) {
        const response = await a.api.push(body);
        if (dropResponse) {
          dropResponse = false;
          throw new Error('connection reset');
        }
        return response;
      },
    };
    const contact = await createRecord(
      a.db,
      buildRecord('contact', { name: 'Ana', emails: ['ana@contoso.com'] }, a.by()),
    );
    await expect(syncOnce(a.db, flaky)).rejects.toThrow('connection reset');
    expect(await a.db.outbox.count()).toBe(1);
    await syncOnce(a.db, flaky);
    expect(await a.db.outbox.count()).toBe(0);
    await syncOnce(b.db, b.api);
    expect(await b.db.contacts.toArray()).toHaveLength(1);
    expect((await b.db.contacts.get(contact.id))!.name).toBe('Ana');
  });

  it('keeps a pending local edit on top of a pulled change to the same record', async () => {
    const { a, b } = await teamOfTwo();
    const contact = await createRecord(a.db, buildRecord('contact', { name: 'Jo', title: 'Buyer' }, a.by()));
    await syncOnce(a.db, a.api);
    await syncOnce(b.db, b.api);
    await updateRecord(b.db, 'contact', contact.id, { title: 'Head of Buying' });
    await updateRecord(a.db, 'contact', contact.id, { name: 'Joanna' });
    await syncOnce(a.db, a.api);
    // Pull only: b's edit is still in its outbox and must survive the pulled row.
    const pullOnly: SyncApi = {
      pull: (body) => b.api.pull(body),
      push: async () => ({ lastMutationId: 0, rejected: [] }),
    };
    await syncOnce(b.db, pullOnly);
    expect(await b.db.contacts.get(contact.id)).toMatchObject({ name: 'Joanna', title: 'Head of Buying' });
    await syncOnce(b.db, b.api);
    await syncOnce(a.db, a.api);
    expect(await a.db.contacts.get(contact.id)).toMatchObject({ name: 'Joanna', title: 'Head of Buying' });
  });

  it('moves a refused mutation to the not-synced list and lets the queue go on', async () => {
    const { a } = await teamOfTwo();
    // An update to a record the server never had: permanently refused.
    const ghost = buildRecord('contact', { name: 'Ghost' }, a.by());
    await a.db.contacts.put(ghost);
    await updateRecord(a.db, 'contact', ghost.id, { name: 'Still a ghost' });
    const real = await createRecord(a.db, buildRecord('contact', { name: 'Real Person' }, a.by()));
    const result = await syncOnce(a.db, a.api);
    expect(result).toMatchObject({ pushed: 2, rejected: 1 });
    const rejected = await a.db.rejected.toArray();
    expect(rejected).toHaveLength(1);
    expect(rejected[0], rejected[0]!.message).toMatchObject({ code: 'not_found', mutation: { recordId: ghost.id } });
    expect(await a.db.outbox.count()).toBe(0);
    const fresh = profile(a.session);
    await syncOnce(fresh.db, fresh.api);
    expect((await fresh.db.contacts.toArray()).map((c) => c.id)).toEqual([real.id]);
  });

  it('reports an unreachable server as offline, keeping the outbox', async () => {
    const { a } = await teamOfTwo();
    await createRecord(a.db, buildRecord('contact', { name: 'Offline Olga' }, a.by()));
    await expect(syncOnce(a.db, syncApi('http://127.0.0.1:9', a.session.token))).rejects.toMatchObject({
      code: 'offline',
    });
    expect(await a.db.outbox.count()).toBe(1);
  });
});

describe('reset after the tombstone floor moved', () => {
  it('rebuilds the cache from scratch across pages, dropping purged records and keeping pending writes', async () => {
    const { a, b } = await teamOfTwo();
    const contacts = [];
    for (let i = 0; i < 7; i++)
      contacts.push(await createRecord(a.db, buildRecord('contact', { name: `Contact ${i}` }, a.by())));
    await syncOnce(a.db, a.api);
    await syncOnce(b.db, b.api);
    // b deletes one; a is away and never sees the delete before the daily job purges the tombstone.
    await deleteRecord(b.db, 'contact', contacts[0]!.id);
    await syncOnce(b.db, b.api);
    const cron = await fetch(`${serverUrl}/__scheduled?cron=17+3+*+*+*`);
    expect(cron.status).toBe(200);
    // More changes after the purge, so the rebuild spans several pages.
    for (let i = 0; i < 5; i++) await createRecord(b.db, buildRecord('account', { name: `Account ${i}` }, b.by()));
    await syncOnce(b.db, b.api);

    const offline = await createRecord(a.db, buildRecord('contact', { name: 'Written offline' }, a.by()));
    const pages: boolean[] = [];
    const smallPages: SyncApi = {
      push: async () => ({ lastMutationId: 0, rejected: [] }),
      pull: async (body) => {
        const page = await a.api.pull({ ...body, limit: 3 });
        pages.push(page.reset);
        return page;
      },
    };
    await syncOnce(a.db, smallPages);
    expect(pages[0]).toBe(true);
    expect(pages.slice(1).every((reset) => !reset)).toBe(true);
    expect(pages.length).toBeGreaterThan(2);
    expect(await a.db.contacts.get(contacts[0]!.id)).toBeUndefined();
    expect(await a.db.contacts.get(offline.id)).toMatchObject({ name: 'Written offline' });
    expect(await a.db.accounts.count()).toBe(5);
    expect(await a.db.getMeta('rebuilding')).toBe(false);
    // The next ordinary pull does not reset again, and the pending write still goes out.
    await syncOnce(a.db, a.api);
    expect(await b.db.contacts.count()).toBe(7);
    await syncOnce(b.db, b.api);
    expect(await b.db.contacts.get(offline.id)).toMatchObject({ name: 'Written offline' });
  });
});

describe('pulling many pages', () => {
  it('fetches ahead while writing, writes pages in order, and a page that fails leaves the written ones and nothing half done', async () => {
    const owner = await createTeam(serverUrl, 'Many Pages');
    const a = profile(owner);
    const contacts = Array.from({ length: 7_000 }, (_, i) =>
      buildRecord('contact', { name: `Person ${i}`, emails: [`p${i}@pages.example`] }, a.by()),
    );
    await writeBatch(
      a.db,
      contacts.map((record) => ({ kind: 'create' as const, record })),
      Date.now(),
      { validated: true },
    );
    await syncOnce(a.db, a.api);

    const b = profile(owner);
    let calls = 0;
    const failing: SyncApi = {
      push: (body) => b.api.push(body),
      async pull(body) {
        if (++calls === 3) throw new Error('connection reset');
        return b.api.pull(body);
      },
    };
    await expect(syncOnce(b.db, failing)).rejects.toThrow('connection reset');
    const afterFailure = await b.db.contacts.count();
    expect(afterFailure).toBe(2 * PULL_PAGE); // the two pages before the failed one, whole
    expect(await b.db.getMeta('cursor')).toBeGreaterThan(0);
    const result = await syncOnce(b.db, b.api);
    expect(result.pulled).toBe(7_000 - afterFailure);
    expect((await b.db.contacts.toArray()).map((c) => c.id).sort()).toEqual(contacts.map((c) => c.id).sort());
  });
});
