import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, contact, createTeam, invite, join, note, rowCount, teamWithPrivateNote, testClient } from './helpers';

describe('sync push and pull', () => {
  it('applies pushed creates and returns them to another member in seq order', async () => {
    const owner = await createTeam();
    const member = await join((await invite(owner.token)).code);
    const a = testClient(owner);
    const c1 = contact(owner, { name: '王小明' } as never);
    const n1 = note(owner, c1.id);
    const pushed = await a.push([a.create(c1), a.create(n1)]);
    expect(pushed.status).toBe(200);
    expect(pushed.json).toEqual({ lastMutationId: 2, rejected: [] });

    const b = testClient(member);
    const rows = await b.pullAll();
    expect(rows.map((r) => r.id)).toEqual([c1.id, n1.id]);
    expect(rows[0]!.seq).toBeLessThan(rows[1]!.seq);
    expect(rows[0]!.record).toMatchObject({ name: '王小明', createdBy: owner.member.id });
  });

  it('makes a retried push a no-op (lost response) and reports the applied id', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const batch = [a.create(contact(owner)), a.create(contact(owner))];
    await a.push(batch);
    const before = await rowCount();
    const seqBefore = await env.DB.prepare('SELECT seq FROM teams WHERE id = ?')
      .bind(owner.team.id)
      .first<{ seq: number }>();
    const retry = await a.push(batch);
    expect(retry.json).toEqual({ lastMutationId: 2, rejected: [] });
    expect(await rowCount()).toBe(before);
    const seqAfter = await env.DB.prepare('SELECT seq FROM teams WHERE id = ?')
      .bind(owner.team.id)
      .first<{ seq: number }>();
    expect(seqAfter!.seq).toBe(seqBefore!.seq);
  });

  it('rejects a permanently invalid mutation, advances past it and applies the rest', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const good = contact(owner);
    const unknownType = a.mutation('record.create', { record: { ...contact(owner), type: 'space ship!' } });
    const wrongField = a.mutation('record.create', { record: { ...contact(owner), emails: 'not-a-list' } });
    const orphanUpdate = a.mutation('record.update', { type: 'contact', id: contact(owner).id, patch: { name: 'x' } });
    const r = await a.push([unknownType, wrongField, orphanUpdate, a.create(good)]);
    expect(r.status).toBe(200);
    expect(r.json.lastMutationId).toBe(4);
    expect(r.json.rejected.map((x) => [x.id, x.code])).toEqual([
      [1, 'invalid_record'],
      [2, 'invalid_record'],
      [3, 'not_found'],
    ]);
    expect(r.json.rejected[0]!.message).toMatch(/type/);
    expect(r.json.rejected[1]!.message).toMatch(/emails/);
    const rows = await testClient(owner).pullAll();
    expect(rows.map((x) => x.id)).toEqual([good.id]);
  });

  it('refuses a malformed push envelope as a whole with 400', async () => {
    const owner = await createTeam();
    const r = await call('POST', '/v1/sync/push', {
      token: owner.token,
      body: { clientId: 'nope', mutations: [{ id: 'one' }] },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('bad_request');
    const unordered = testClient(owner);
    const m2 = unordered.create(contact(owner));
    const m1 = unordered.create(contact(owner));
    const r2 = await call('POST', '/v1/sync/push', {
      token: owner.token,
      body: { clientId: unordered.clientId, mutations: [m1, m2] },
    });
    expect(r2.status).toBe(400);
    expect(r2.json.error.message).toMatch(/increase/);
  });

  it('merges field updates by HLC and keeps deletes as tombstones', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const b = testClient(owner);
    const c1 = contact(owner, { title: 'Buyer' } as never);
    await a.push([a.create(c1)]);
    // b edits the title with a later stamp, a edits the name: both edits survive.
    const bEdit = b.mutation('record.update', { type: 'contact', id: c1.id, patch: { title: 'Head of Purchasing' } });
    bEdit.hlc = bEdit.hlc.replace(/^\d{13}/, String(Date.now()));
    await b.push([bEdit]);
    await a.push([
      a.mutation('record.update', { type: 'contact', id: c1.id, patch: { name: 'Xiaoming Wang', title: 'Old title' } }),
    ]);
    let rows = await testClient(owner).pullAll();
    expect(rows.at(-1)!.record).toMatchObject({ name: 'Xiaoming Wang', title: 'Head of Purchasing' });
    // The row's clock is its latest field clock (b's title), so a client's HLC moves past every field.
    expect(rows.at(-1)!.hlc).toBe(bEdit.hlc);
    await a.push([a.mutation('record.delete', { type: 'contact', id: c1.id })]);
    rows = await testClient(owner).pullAll();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deleted).toBe(true);
    expect(rows[0]!.record!.deleted).toBe(true);
  });

  it('pages a pull by cursor and reports hasMore', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const records = Array.from({ length: 7 }, () => contact(owner));
    await a.push(records.map((r) => a.create(r)));
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const r = await call('POST', '/v1/sync/pull', {
        token: owner.token,
        body: { clientId: a.clientId, cursor, limit: 3 },
      });
      pages++;
      seen.push(...r.json.rows.map((x: { id: string }) => x.id));
      cursor = r.json.cursor;
      expect(r.json.lastMutationId).toBe(7);
      if (!r.json.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(records.map((r) => r.id));
    const empty = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor, limit: 3 },
    });
    expect(empty.json).toMatchObject({ rows: [], cursor, hasMore: false, reset: false });
  });

  it('keeps teams apart: nothing of team A is visible or changeable from team B', async () => {
    const teamA = await createTeam('A team');
    const teamB = await createTeam('B team');
    const a = testClient(teamA);
    const secret = contact(teamA, { name: 'Secret Customer' } as never);
    await a.push([a.create(secret)]);
    const b = testClient(teamB);
    expect(await b.pullAll()).toEqual([]);
    const attack = await b.push([
      b.mutation('record.update', { type: 'contact', id: secret.id, patch: { name: 'pwned' } }),
      b.mutation('record.delete', { type: 'contact', id: secret.id }),
    ]);
    expect(attack.json.rejected.map((r) => r.code)).toEqual(['not_found', 'not_found']);
    // Creating a record with the same id in team B makes B's own row; A's is untouched.
    await b.push([b.create({ ...secret, name: 'B copy' } as never)]);
    const aRows = await testClient(teamA).pullAll();
    expect(aRows).toHaveLength(1);
    expect(aRows[0]!.record).toMatchObject({ name: 'Secret Customer' });
    // Client ids are scoped by team: B using A's client id gets its own, empty, client state.
    const sameId = await call('POST', '/v1/sync/pull', {
      token: teamB.token,
      body: { clientId: a.clientId, cursor: 0 },
    });
    expect(sameId.json.lastMutationId).toBe(0);
    expect(sameId.json.rows.map((r: { record: { name: string } }) => r.record.name)).toEqual(['B copy']);
  });

  it('binds a client id to the member that first used it', async () => {
    const owner = await createTeam();
    const member = await join((await invite(owner.token)).code);
    const a = testClient(owner);
    await a.push([a.create(contact(owner))]);
    const hijack = await call('POST', '/v1/sync/pull', {
      token: member.token,
      body: { clientId: a.clientId, cursor: 0 },
    });
    expect(hijack.status).toBe(403);
    const pushHijack = await call('POST', '/v1/sync/push', {
      token: member.token,
      body: { clientId: a.clientId, mutations: [] },
    });
    expect(pushHijack.status).toBe(403);
  });

  it('returns a private note only to its author; others get a content-free tombstone and cannot edit it', async () => {
    const { owner, member, secret: secretNote } = await teamWithPrivateNote('my private thoughts');
    const mine = await testClient(owner).pullAll();
    expect(mine.find((r) => r.id === secretNote.id)!.record).toMatchObject({ body: 'my private thoughts' });
    const b = testClient(member);
    const theirs = await b.pullAll();
    const seen = theirs.find((r) => r.id === secretNote.id)!;
    expect(seen).toMatchObject({ deleted: true, record: null });
    expect(JSON.stringify(theirs)).not.toContain('private thoughts');
    const edit = await b.push([
      b.mutation('record.update', { type: 'note', id: secretNote.id, patch: { body: 'changed' } }),
    ]);
    expect(edit.json.rejected[0]!.code).toBe('forbidden');
  });

  it('shares a private note with the team when its author says so, and takes it back again', async () => {
    const { member, a, secret: n1 } = await teamWithPrivateNote('first private, then shared');
    const b = testClient(member);
    expect((await b.pullAll()).find((r) => r.id === n1.id)).toMatchObject({ deleted: true, record: null });
    await a.push([a.mutation('record.update', { type: 'note', id: n1.id, patch: { visibility: 'team' } })]);
    expect((await b.pullAll()).find((r) => r.id === n1.id)?.record).toMatchObject({
      body: 'first private, then shared',
      visibility: 'team',
    });
    await a.push([a.mutation('record.update', { type: 'note', id: n1.id, patch: { visibility: 'private' } })]);
    const after = await b.pullAll();
    expect(after.find((r) => r.id === n1.id)).toMatchObject({ deleted: true, record: null });
    expect(JSON.stringify(after)).not.toContain('then shared');
  });

  it('stamps createdBy with the authenticated member, whatever the client claims', async () => {
    const owner = await createTeam();
    const member = await join((await invite(owner.token)).code);
    const b = testClient(member);
    const forged = contact(member, { createdBy: owner.member.id } as never);
    await b.push([b.create(forged)]);
    const rows = await b.pullAll();
    expect(rows[0]!.record!.createdBy).toBe(member.member.id);
  });
});

describe('pull progress', () => {
  it('counts the rows left after the first page when asked', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    await a.push(Array.from({ length: 9 }, () => a.create(contact(owner))));
    const first = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: 0, limit: 4, count: true },
    });
    expect(first.json).toMatchObject({ hasMore: true, remaining: 5 });
    const next = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: first.json.cursor, limit: 4 },
    });
    expect(next.json.remaining).toBeNull();
  });
});

describe('pull serialisation', () => {
  it('answers with JSON the shared schema accepts, stored records embedded exactly', async () => {
    const { pullResponse, pulledRow } = await import('../../shared/protocol');
    const owner = await createTeam();
    const a = testClient(owner);
    const tricky = contact(owner, { name: '王小明 "Xiaoming" \\ </script> \u2028 😀', phones: ['+86 755'] } as never);
    await a.push([a.create(tricky)]);
    const r = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: 0, count: true },
    });
    expect(r.headers.get('Content-Type')).toMatch(/^application\/json/);
    const page = pullResponse.parse(r.json);
    expect(page).toMatchObject({ hasMore: false, reset: false, remaining: 0, lastMutationId: 1 });
    const row = pulledRow.parse(page.rows[0]);
    expect(row.record).toEqual({ ...tricky, updatedAt: row.record!.updatedAt });
  });
});

describe('pull limit', () => {
  it('clamps a page size above the maximum instead of refusing it', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    await a.push([a.create(contact(owner))]);
    const r = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: 0, limit: 1_000_000 },
    });
    expect(r.status).toBe(200);
    expect(r.json.rows).toHaveLength(1);
    expect(
      (await call('POST', '/v1/sync/pull', { token: owner.token, body: { clientId: a.clientId, cursor: 0, limit: 0 } }))
        .status,
    ).toBe(400);
  });
});
