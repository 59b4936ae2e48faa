import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTeam, invite, join } from './helpers';

describe('teams, invites and tokens', () => {
  it('creates a team and shows the owner token once, storing only its hash', async () => {
    const session = await createTeam('Northwind', 'Nora');
    expect(session.token).toMatch(/^mgn_[A-Za-z0-9_-]{43}$/);
    expect(session.member.role).toBe('owner');
    const stored = await env.DB.prepare('SELECT hash FROM tokens WHERE member_id = ?')
      .bind(session.member.id)
      .first<{ hash: string }>();
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.hash).not.toContain(session.token.slice(4));
    const me = await call('GET', '/v1/me', { token: session.token });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ team: session.team, member: session.member });
  });

  it('serves the page an invite link lands on: fixed text, no script, nothing from the request echoed, never cached', async () => {
    const page = await call('GET', '/join?code=<script>alert(1)</script>', {
      headers: { Referer: 'https://evil.example/<b>' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(page.headers.get('Cache-Control')).toBe('no-store');
    expect(page.json).toContain('Join your team on Margin');
    expect(page.json).not.toMatch(/<script|alert|evil/);
  });

  it('joins with an invite code once; a reused code is refused and adds nobody', async () => {
    const owner = await createTeam();
    const { code } = await invite(owner.token);
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const member = await join(code.toLowerCase().replace('-', ' '), 'Min-jun 김민준');
    expect(member.team.id).toBe(owner.team.id);
    expect(member.member.role).toBe('member');
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM members WHERE team_id = ?')
      .bind(owner.team.id)
      .first<{ n: number }>();
    const again = await call('POST', '/v1/join', { body: { code, name: 'Eve' } });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('invite_invalid');
    expect(again.json.error.message).toMatch(/already been used/);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM members WHERE team_id = ?')
      .bind(owner.team.id)
      .first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it('refuses expired and unknown invite codes', async () => {
    const owner = await createTeam();
    const { code } = await invite(owner.token);
    await env.DB.prepare('UPDATE invites SET expires_at = 1 WHERE team_id = ?').bind(owner.team.id).run();
    const expired = await call('POST', '/v1/join', { body: { code, name: 'Late Larry' } });
    expect(expired.status).toBe(400);
    expect(expired.json.error.message).toMatch(/expired/);
    const unknown = await call('POST', '/v1/join', { body: { code: 'ZZZZZ-ZZZZZ', name: 'Guess' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('invite_invalid');
  });

  it('lists the team’s members (names and roles) to its members only', async () => {
    const owner = await createTeam('Members Team', 'Olivia Owner');
    const member = await join((await invite(owner.token)).code, 'Min-jun 민준');
    const other = await createTeam('Other Team', 'Otto Other');
    const listed = await call('GET', '/v1/team/members', { token: member.token });
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({
      members: [
        { id: owner.member.id, name: 'Olivia Owner', role: 'owner' },
        { id: member.member.id, name: 'Min-jun 민준', role: 'member' },
      ],
    });
    expect(JSON.stringify((await call('GET', '/v1/team/members', { token: other.token })).json)).not.toContain(
      'Olivia',
    );
    expect((await call('GET', '/v1/team/members')).status).toBe(401);
  });

  it('lets only owners and admins invite', async () => {
    const owner = await createTeam();
    const member = await join((await invite(owner.token)).code);
    const denied = await call('POST', '/v1/team/invites', { token: member.token, body: {} });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('forbidden');
    const admin = await join((await invite(owner.token, 'admin')).code, 'Ada Admin');
    expect((await call('POST', '/v1/team/invites', { token: admin.token, body: {} })).status).toBe(201);
  });

  it.each([
    ['no header', undefined, /missing Authorization/],
    ['malformed', 'Basic abc', /malformed/],
    ['unknown token', `Bearer mgn_${'A'.repeat(43)}`, /not valid/],
  ])('answers 401 with an {error} for %s', async (_label, header, message) => {
    const r = await call('GET', '/v1/me', { headers: header ? { Authorization: header } : {} });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('unauthorized');
    expect(r.json.error.message).toMatch(message);
  });

  it('answers bad input with a 4xx {error} and changes nothing', async () => {
    const teamsBefore = await env.DB.prepare('SELECT COUNT(*) AS n FROM teams').first<{ n: number }>();
    const malformed = await call('POST', '/v1/teams', { rawBody: '{"teamName": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('invalid_json');
    const wrongTypes = await call('POST', '/v1/teams', { body: { teamName: 42, ownerName: ['x'] } });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.json.error.code).toBe('bad_request');
    expect(wrongTypes.json.error.message).toMatch(/teamName/);
    const empty = await call('POST', '/v1/teams', { body: { teamName: '   ', ownerName: 'x' } });
    expect(empty.status).toBe(400);
    const huge = await call('POST', '/v1/teams', {
      rawBody: JSON.stringify({ teamName: 'x'.repeat(3 * 1024 * 1024), ownerName: 'x' }),
    });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('payload_too_large');
    const teamsAfter = await env.DB.prepare('SELECT COUNT(*) AS n FROM teams').first<{ n: number }>();
    expect(teamsAfter!.n).toBe(teamsBefore!.n);
    const missing = await call('GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });

  it('allows CORS from extension origins only', async () => {
    const ext = await call('OPTIONS', '/v1/me', {
      headers: { Origin: 'chrome-extension://abcdefghijklmnop', 'Access-Control-Request-Method': 'GET' },
    });
    expect(ext.headers.get('Access-Control-Allow-Origin')).toBe('chrome-extension://abcdefghijklmnop');
    const site = await call('OPTIONS', '/v1/me', {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(site.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
