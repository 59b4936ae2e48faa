import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { computePrompts } from '../../shared/prompts';
import { AgendaStore, pruneChanges } from '../../extension/lib/agenda-store';
import { MarginDB } from '../../extension/lib/db';
import { createRecord, deleteRecord, updateRecord } from '../../extension/ui/local-writes';
import { loadPromptData, localTimeZone } from '../../extension/lib/prompt-data';
import { writePromptText } from '../../extension/i18n/prompt-text';

const DAY = 86_400_000;
const ME = 'member-me';
const opened: { db: MarginDB; store?: AgendaStore }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    o.store?.close();
    await o.db.delete();
  }
});

async function setup() {
  const db = new MarginDB(`agenda-${crypto.randomUUID()}`);
  const by = { memberId: ME, now: Date.now() - 60 * DAY };
  const account = await createRecord(db, buildRecord('account', { name: 'Porto Verde', tier: 'A' }, by));
  const store = new AgendaStore(db, ME);
  opened.push({ db, store });
  return { db, account, store };
}

/** What a full recomputation from the database gives: the store must always agree with it. */
async function fromScratch(db: MarginDB) {
  return computePrompts(await loadPromptData(db), { now: Date.now(), timeZone: localTimeZone(), memberId: ME }).map(
    (p) => p.key,
  );
}
const keys = async (store: AgendaStore) => (await store.prompts()).map((p) => p.key);

describe('agenda store (incremental prompts in the extension)', () => {
  it('follows local writes and deletes through the change log, agreeing with a full recomputation', async () => {
    const { db, account, store } = await setup();
    expect(await keys(store)).toEqual(await fromScratch(db));
    expect((await store.prompts()).map((p) => p.rule)).toContain('follow-up-due');

    const task = await createRecord(
      db,
      buildRecord(
        'task',
        { subjectId: account.id, title: 'Send the quote', dueAt: Date.now() - DAY },
        { memberId: ME, now: Date.now() },
      ),
    );
    await vi.waitFor(async () =>
      expect((await store.prompts()).map((p) => writePromptText('en', p.title))).toContain('Send the quote'),
    );
    expect((await store.prompts()).map((p) => p.rule)).not.toContain('no-next-step');

    await createRecord(
      db,
      buildRecord(
        'interaction',
        { subjectIds: [account.id], kind: 'call', at: Date.now() },
        { memberId: ME, now: Date.now() },
      ),
    );
    await updateRecord(db, 'task', task.id, { done: true });
    await vi.waitFor(async () => expect(await keys(store)).toEqual(await fromScratch(db)));
    expect((await store.prompts()).map((p) => p.rule)).toEqual(['no-next-step']);

    await deleteRecord(db, 'account', account.id);
    await vi.waitFor(async () => expect(await keys(store)).toEqual([]));
  });

  it('pushes new prompts to a watching page as writes land, and stops watching when it leaves', async () => {
    const { db, account, store } = await setup();
    const seen: string[][] = [];
    const stop = store.subscribe((prompts) => seen.push(prompts.map((p) => writePromptText('en', p.title))));
    await store.prompts();
    await createRecord(
      db,
      buildRecord(
        'task',
        { subjectId: account.id, title: 'Call back', dueAt: Date.now() - DAY },
        { memberId: ME, now: Date.now() },
      ),
    );
    await vi.waitFor(() => expect(seen.at(-1)).toContain('Call back'));
    stop();
    const count = seen.length;
    await createRecord(
      db,
      buildRecord(
        'task',
        { subjectId: account.id, title: 'Unseen', dueAt: Date.now() - DAY },
        { memberId: ME, now: Date.now() },
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(count);
    // Asked again, it catches up on demand.
    expect((await store.prompts()).map((p) => writePromptText('en', p.title))).toContain('Unseen');
  });

  it('re-reads everything after a reset, or when pruning left it behind', async () => {
    const { db, account, store } = await setup();
    await store.prompts();
    // A pulled page that rebuilt the cache: a reset entry.
    await db.transaction('rw', [db.tasks, db.changes], async () => {
      await db.tasks.put(
        buildRecord(
          'task',
          { subjectId: account.id, title: 'From the server', dueAt: Date.now() - DAY, assigneeId: ME },
          { memberId: 'other', now: Date.now() },
        ),
      );
      await db.changes.add({ ids: {}, reset: true });
    });
    await vi.waitFor(async () =>
      expect((await store.prompts()).map((p) => writePromptText('en', p.title))).toContain('From the server'),
    );
    for (let i = 0; i < 30; i++) await db.changes.add({ ids: {} });
    await pruneChanges(db, 5);
    expect(await db.getMeta('changesPrunedBelow')).toBeGreaterThan(0);
    expect(await db.changes.count()).toBeLessThanOrEqual(6);
  });
});
