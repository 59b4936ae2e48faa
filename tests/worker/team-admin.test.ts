import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/index';
import { call, contact, createTeam, invite, join, note, testClient } from './helpers';

async function teamOfThree() {
  const owner = await createTeam('Admin Team', 'Olivia Owner');
  const admin = await join((await invite(owner.token, 'admin')).code, 'Ada Admin');
  const member = await join((await invite(owner.token)).code, 'Max Member');
  return { owner, admin, member };
}

describe('members, roles, revocation, leaving and token rotation', () => {
  it('lets owners and admins change roles within their rights, and keeps an owner', async () => {
    const { owner, admin, member } = await teamOfThree();
    expect(
      (
        await call('POST', `/v1/team/members/${member.member.id}/role`, {
          token: member.token,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('POST', `/v1/team/members/${member.member.id}/role`, { token: admin.token, body: { role: 'admin' } }))
        .json,
    ).toMatchObject({ role: 'admin' });
    expect(
      (await call('POST', `/v1/team/members/${member.member.id}/role`, { token: admin.token, body: { role: 'owner' } }))
        .status,
    ).toBe(403);
    expect(
      (await call('POST', `/v1/team/members/${owner.member.id}/role`, { token: admin.token, body: { role: 'member' } }))
        .status,
    ).toBe(403);
    const last = await call('POST', `/v1/team/members/${owner.member.id}/role`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(last).toMatchObject({ status: 409, json: { error: { code: 'conflict' } } });
    expect(
      (await call('POST', `/v1/team/members/${admin.member.id}/role`, { token: owner.token, body: { role: 'owner' } }))
        .json,
    ).toMatchObject({ role: 'owner' });
    expect(
      (await call('POST', `/v1/team/members/${member.member.id}/role`, { token: owner.token, body: { role: 'boss' } }))
        .status,
    ).toBe(400);
  });

  it('revokes a member: their tokens stop at once, their notes stay with the team', async () => {
    const { owner, member } = await teamOfThree();
    const client = testClient(member);
    const c1 = contact(member);
    const n1 = note(member, c1.id, { body: 'Written before leaving' });
    expect((await client.push([client.create(c1), client.create(n1)])).status).toBe(200);
    expect((await call('POST', `/v1/team/members/${member.member.id}/revoke`, { token: member.token })).status).toBe(
      403,
    );
    expect((await call('POST', `/v1/team/members/${member.member.id}/revoke`, { token: owner.token })).json).toEqual({
      id: member.member.id,
      revoked: true,
    });
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect(
      (await call('POST', '/v1/sync/pull', { token: member.token, body: { clientId: client.clientId, cursor: 0 } }))
        .status,
    ).toBe(401);
    const rows = await testClient(owner).pullAll();
    expect(rows.find((r) => r.id === n1.id)?.record).toMatchObject({ body: 'Written before leaving' });
    expect(
      (await call('GET', '/v1/team/members', { token: owner.token })).json.members.map((m: { name: string }) => m.name),
    ).not.toContain('Max Member');
  });

  it('lets a member leave and rotate their token, but not the only owner leave', async () => {
    const { owner, member } = await teamOfThree();
    expect((await call('POST', '/v1/team/leave', { token: owner.token })).status).toBe(409);
    const rotated = await call('POST', '/v1/team/token/rotate', { token: member.token });
    expect(rotated.status).toBe(201);
    expect(rotated.json.token).toMatch(/^mgn_/);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await call('GET', '/v1/me', { token: rotated.json.token })).status).toBe(200);
    expect((await call('POST', '/v1/team/leave', { token: rotated.json.token })).json).toEqual({ left: true });
    expect((await call('GET', '/v1/me', { token: rotated.json.token })).status).toBe(401);
  });
});

describe('export and team deletion', () => {
  it('exports every record the member may see, never another member’s private note', async () => {
    const { owner, member } = await teamOfThree();
    const c = testClient(owner);
    const c1 = contact(owner, { name: 'Grace Miller' } as never);
    const shared = note(owner, c1.id, { body: 'Team note' });
    const secret = note(owner, c1.id, { body: 'Owner’s private thought', visibility: 'private' });
    await c.push([c.create(c1), c.create(shared), c.create(secret)]);
    const theirs = await call('GET', '/v1/team/export', { token: member.token });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('Content-Disposition')).toMatch(/attachment; filename="margin-export-/);
    expect(theirs.json).toMatchObject({ format: 'margin-export/1', team: { id: owner.team.id } });
    expect(theirs.json.records.map((r: { id: string }) => r.id).sort()).toEqual([c1.id, shared.id].sort());
    expect(JSON.stringify(theirs.json)).not.toContain('private thought');
    const mine = await call('GET', '/v1/team/export', { token: owner.token });
    expect(mine.json.records).toHaveLength(3);
  });

  it('deletes a team’s data for its owner only, after confirming its name', async () => {
    const { owner, admin } = await teamOfThree();
    const other = await createTeam('Bystander Team');
    const oc = testClient(other);
    await oc.push([oc.create(contact(other))]);
    const c = testClient(owner);
    await c.push([c.create(contact(owner))]);
    // A refusal the server keeps for the client (an invalid record) is the team's data too.
    const refused = await c.push([c.create({ ...contact(owner), name: 'x'.repeat(100_000) } as never)]);
    expect(refused.json.rejected).toHaveLength(1);
    expect(
      (await call('POST', '/v1/team/delete', { token: admin.token, body: { confirm: 'Admin Team' } })).status,
    ).toBe(403);
    expect(
      (await call('POST', '/v1/team/delete', { token: owner.token, body: { confirm: 'admin team' } })).status,
    ).toBe(400);
    expect(
      (await call('POST', '/v1/team/delete', { token: owner.token, body: { confirm: 'Admin Team' } })).json,
    ).toEqual({ deleted: true });
    // Every table that holds a team's rows, found from the schema (a table added later is covered too).
    const schema = await env.DB.prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
    ).all<{ name: string; sql: string }>();
    const tables = { results: schema.results.filter((t) => /\bteam_id\b/.test(t.sql)) };
    expect(tables.results.map((t) => t.name)).toEqual(
      expect.arrayContaining(['records', 'members', 'tokens', 'invites', 'clients', 'note_revisions', 'rejections']),
    );
    for (const { name: table } of tables.results) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE team_id = ?`)
        .bind(owner.team.id)
        .first<{ n: number }>();
      expect(n?.n, table).toBe(0);
    }
    expect(await env.DB.prepare('SELECT id FROM teams WHERE id = ?').bind(owner.team.id).first()).toBeNull();
    expect((await call('GET', '/v1/me', { token: owner.token })).status).toBe(401);
    expect(await oc.pullAll()).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a token spends its budget, without touching other tokens', async () => {
    const a = await createTeam('Busy Team');
    const b = await createTeam('Calm Team');
    const limited = { ...env, RATE_LIMIT_PER_MINUTE: '3' };
    const get = (token: string) => app.request('/v1/me', { headers: { Authorization: `Bearer ${token}` } }, limited);
    for (let i = 0; i < 3; i++) expect((await get(a.token)).status).toBe(200);
    const refused = await get(a.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await get(b.token)).status).toBe(200);
  });
});
