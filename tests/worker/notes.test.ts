import { describe, expect, it } from 'vitest';
import { call, contact, createTeam, invite, join, note, teamWithPrivateNote, testClient } from './helpers';

describe('note merging and history in D1', () => {
  it('merges concurrent edits from one base, sets a colliding edit aside, and keeps every text in the history', async () => {
    const owner = await createTeam();
    const member = await join((await invite(owner.token)).code, 'Bo');
    const a = testClient(owner);
    const b = testClient(member);
    const c1 = contact(owner);
    const n1 = note(owner, c1.id, { body: 'Renewal in March. Budget 10k.' });
    await a.push([a.create(c1), a.create(n1)]);

    await a.push([
      a.mutation('record.update', {
        type: 'note',
        id: n1.id,
        patch: { body: 'Renewal in April. Budget 10k.' },
        baseRev: 1,
      }),
    ]);
    await b.push([
      b.mutation('record.update', {
        type: 'note',
        id: n1.id,
        patch: { body: 'Renewal in March. Budget 12k.' },
        baseRev: 1,
      }),
    ]);
    let rows = await testClient(owner).pullAll();
    expect(rows.find((r) => r.id === n1.id)!.record).toMatchObject({
      body: 'Renewal in April. Budget 12k.',
      rev: 3,
      conflicts: [],
    });

    await b.push([
      b.mutation('record.update', {
        type: 'note',
        id: n1.id,
        patch: { body: 'Renewal in May. Budget 12k.' },
        baseRev: 1,
      }),
    ]);
    rows = await testClient(owner).pullAll();
    const conflicted = rows.find((r) => r.id === n1.id)!.record as {
      body: string;
      conflicts: { byName: string; body: string }[];
    };
    expect(conflicted.body).toBe('Renewal in April. Budget 12k.');
    expect(conflicted.conflicts).toEqual([
      expect.objectContaining({ byName: 'Bo', body: 'Renewal in May. Budget 12k.' }),
    ]);

    const history = await call('GET', `/v1/notes/${n1.id}/history`, { token: member.token });
    expect(history.status).toBe(200);
    expect(
      history.json.entries.map((e: { kind: string; rev: number | null; authorName: string }) => [
        e.kind,
        e.rev,
        e.authorName,
      ]),
    ).toEqual([
      ['create', 1, 'Olivia Owner'],
      ['edit', 2, 'Olivia Owner'],
      ['merge-input', null, 'Bo'],
      ['merge', 3, 'Bo'],
      ['conflict', null, 'Bo'],
    ]);
  });

  it('shows a private note’s history to its author only', async () => {
    const { owner, member, secret } = await teamWithPrivateNote('private');
    expect((await call('GET', `/v1/notes/${secret.id}/history`, { token: owner.token })).status).toBe(200);
    const other = await call('GET', `/v1/notes/${secret.id}/history`, { token: member.token });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.json)).not.toContain('private');
    const otherTeam = await createTeam('Other');
    expect((await call('GET', `/v1/notes/${secret.id}/history`, { token: otherTeam.token })).status).toBe(404);
    expect((await call('GET', '/v1/notes/not-an-id/history', { token: owner.token })).status).toBe(400);
  });

  it('refuses a request cut off mid-body and applies nothing from it', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const full = JSON.stringify({ clientId: a.clientId, mutations: [a.create(contact(owner))] });
    const cut = await call('POST', '/v1/sync/push', {
      token: owner.token,
      rawBody: full.slice(0, Math.floor(full.length / 2)),
    });
    expect(cut.status).toBe(400);
    expect(cut.json.error.code).toBe('invalid_json');
    expect(await testClient(owner).pullAll()).toEqual([]);
  });
});

describe('rows stored before a field existed', () => {
  it('edits a note saved without rev/conflicts as revision 0, not as a conflict', async () => {
    const { env } = await import('cloudflare:test');
    const owner = await createTeam();
    const a = testClient(owner);
    const c1 = contact(owner);
    const old = note(owner, c1.id, { body: 'Written by an older version.' });
    await a.push([a.create(c1), a.create(old)]);
    const stored = await env.DB.prepare('SELECT data FROM records WHERE id = ?').bind(old.id).first<{ data: string }>();
    const { rev: _rev, conflicts: _conflicts, ...legacy } = JSON.parse(stored!.data);
    await env.DB.prepare('UPDATE records SET data = ? WHERE id = ?').bind(JSON.stringify(legacy), old.id).run();
    await a.push([
      a.mutation('record.update', {
        type: 'note',
        id: old.id,
        patch: { body: 'Edited by the new version.' },
        baseRev: 0,
      }),
    ]);
    const rows = await testClient(owner).pullAll();
    expect(rows.find((r) => r.id === old.id)!.record).toMatchObject({
      body: 'Edited by the new version.',
      rev: 1,
      conflicts: [],
    });
  });
});
