import { describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { syncApi } from '../../extension/background/api-client';
import { syncOnce } from '../../extension/background/sync-engine';
import { signIn, signOut } from '../../extension/background/session';
import { recordDiagnostic } from '../../extension/lib/diagnostics';
import type { MarginDB, OutboxEntry } from '../../extension/lib/db';
import { createRecord } from '../../extension/ui/local-writes';
import { createInvite, createTeam } from '../support/team';
import { freshDbs } from '../support/test-db';

const serverUrl = inject('serverUrl');
const freshDb = freshDbs('session');

/** Two teams on the real server, each with an owner and a sign-in code for a new member. */
async function twoTeams() {
  const [a, b] = await Promise.all([createTeam(serverUrl, 'Team A', 'Ann'), createTeam(serverUrl, 'Team B', 'Bo')]);
  return { a, b, code: (team: typeof a) => createInvite(serverUrl, team.token) };
}

/** Puts team A's data in every table the cache has: records, a queued write, a refusal, a held row, the change log. */
async function fillWithTeamData(db: MarginDB) {
  const session = (await db.getMeta('session'))!;
  const by = { memberId: session.member.id, now: Date.now() };
  const account = await createRecord(
    db,
    buildRecord('account', { name: 'Acme (team A)', domains: ['acme.example'] }, by),
  );
  await syncOnce(db, syncApi(session.serverUrl, (await db.getMeta('token'))!));
  await createRecord(db, buildRecord('note', { subjectId: account.id, body: 'Team A only' }, by)); // queued, not sent
  const queued = (await db.outbox.toArray())[0] as OutboxEntry;
  await db.rejected.add({ id: 999, mutation: queued, code: 'validation', message: 'refused', rejectedAt: by.now });
  await db.held.put({ id: 'held-1', type: 'quote', seq: 1, row: {} as never, reason: 'unknown type' });
  for (const table of db.recordTables)
    if (!(await table.count()))
      await table.put({
        ...buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 } }, by),
        id: `filler-${table.name}`,
      } as never);
}

/** Every table other than the diagnostics log and meta: what "the first team's data" means. */
function teamTables(db: MarginDB) {
  return db.tables.filter((t) => t.name !== 'meta' && t.name !== 'diagnostics');
}

describe('session: signing in, out and into another team', () => {
  it('signing into another team leaves nothing of the first in any table', async () => {
    const { a, b, code } = await twoTeams();
    const db = freshDb();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep' });
    await fillWithTeamData(db);
    for (const table of teamTables(db)) expect(await table.count(), table.name).toBeGreaterThan(0);
    await recordDiagnostic(db, 'badge', new Error('kept: the browser’s, not the team’s'));

    const session = await signIn(db, { serverUrl, code: await code(b), name: 'Rep' });
    expect(session.team.id).toBe(b.team.id);
    for (const table of teamTables(db)) {
      const rows = await table.toArray();
      if (table.name === 'changes')
        expect(rows, table.name).toEqual([expect.objectContaining({ reset: true, ids: {} })]);
      else expect(rows, table.name).toEqual([]);
    }
    const meta = (await db.meta.toArray()).map((r) => r.key).sort();
    expect(meta).toEqual(['cacheOwner', 'changesPrunedBelow', 'session', 'token']);
    expect(JSON.stringify(await db.meta.toArray())).not.toContain(a.team.id);
    expect(await db.diagnostics.count()).toBe(1);

    // And team B's first sync brings only team B's data.
    await syncOnce(db, syncApi(serverUrl, (await db.getMeta('token'))!));
    expect(await db.accounts.count()).toBe(0);
  });

  it('signing out keeps the cache for the same team (queued writes are sent on return) but not for another one', async () => {
    const { a, b, code } = await twoTeams();
    const db = freshDb();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep' });
    await fillWithTeamData(db);
    const queued = await db.outbox.count();

    await signOut(db, { forgetData: false });
    expect(await db.getMeta('session')).toBeUndefined();
    expect(await db.getMeta('token')).toBeUndefined();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep again' });
    expect(await db.outbox.count()).toBe(queued);
    expect(await db.accounts.where('name').equals('Acme (team A)').count()).toBe(1);

    // Signed out, then into team B: no session says whose the cache is, the cache owner does.
    await signOut(db, { forgetData: false });
    await signIn(db, { serverUrl, code: await code(b), name: 'Rep' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.accounts.count()).toBe(0);
  });

  it('a cache of unknown owner (from before the owner was kept, signed out) is not sent to the team signed into', async () => {
    const { a, b, code } = await twoTeams();
    const db = freshDb();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep' });
    await fillWithTeamData(db);
    await signOut(db, { forgetData: false });
    await db.meta.delete('cacheOwner');
    await signIn(db, { serverUrl, code: await code(b), name: 'Rep' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.notes.count()).toBe(0);
  });

  it('a refused sign-in (a wrong code) changes nothing', async () => {
    const { a, code } = await twoTeams();
    const db = freshDb();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep' });
    await fillWithTeamData(db);
    const before = await Promise.all(db.tables.map((t) => t.count()));
    await expect(signIn(db, { serverUrl, code: 'not-a-code', name: 'Rep' })).rejects.toThrow();
    await expect(signIn(db, { serverUrl, code: '', name: 'Rep' })).rejects.toThrow();
    expect(await Promise.all(db.tables.map((t) => t.count()))).toEqual(before);
    expect((await db.getMeta('session'))!.team.id).toBe(a.team.id);
  });

  it('leaving forgets the team’s data and the session', async () => {
    const { a, code } = await twoTeams();
    const db = freshDb();
    await signIn(db, { serverUrl, code: await code(a), name: 'Rep' });
    await fillWithTeamData(db);
    await signOut(db, { forgetData: true });
    for (const table of teamTables(db))
      expect(
        (await table.toArray()).filter((r) => !(r as { reset?: boolean }).reset),
        table.name,
      ).toEqual([]);
    expect((await db.meta.toArray()).map((r) => r.key)).toEqual(['changesPrunedBelow']);
  });
});
