import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { call, contact, createTeam, invite, join, note, testClient } from './helpers';

/** Team A's data, with markers that must never appear in an answer to anyone outside team A. */
async function teamA() {
  const owner = await createTeam('Secretive Team ZQX', 'Owner ZQX');
  const member = await join((await invite(owner.token)).code, 'Member ZQX');
  const revoked = await join((await invite(owner.token)).code, 'Revoked ZQX');
  const c = testClient(owner);
  const c1 = contact(owner, { name: 'Customer ZQX' } as never);
  const n1 = note(owner, c1.id, { body: 'Note ZQX' });
  await c.push([c.create(c1), c.create(n1)]);
  await call('POST', `/v1/team/members/${revoked.member.id}/revoke`, { token: owner.token });
  return { owner, member, revoked, contactId: c1.id, noteId: n1.id };
}

type Caller = 'none' | 'malformed' | 'revoked' | 'other team' | 'member' | 'admin';

describe('isolation matrix: every route × every kind of caller', () => {
  it('answers each with the expected status and never a byte of another team’s data', async () => {
    const a = await teamA();
    const other = await createTeam('Other Team');
    const otherAdmin = await join((await invite(other.token, 'admin')).code, 'Other Admin');
    const tokens: Record<Caller, string | undefined> = {
      none: undefined,
      malformed: 'not-a-token',
      revoked: a.revoked.token,
      'other team': otherAdmin.token,
      member: a.member.token,
      admin: a.owner.token,
    };
    const clientId = crypto.randomUUID();
    // [method, path, body, expected status for: other team, member, admin]. No token, a malformed one and a revoked one always get 401.
    const routes: [string, string, unknown, number, number, number][] = [
      ['GET', '/v1/me', undefined, 200, 200, 200],
      ['GET', '/v1/team/members', undefined, 200, 200, 200],
      ['GET', '/v1/team/export', undefined, 200, 200, 200],
      ['POST', '/v1/team/invites', { role: 'member' }, 201, 403, 201],
      ['POST', `/v1/team/members/${a.member.member.id}/role`, { role: 'member' }, 404, 403, 200],
      ['POST', `/v1/team/members/${a.member.member.id}/revoke`, undefined, 404, 403, 200],
      ['POST', '/v1/sync/pull', { clientId, cursor: 0 }, 200, 200, 200],
      ['POST', '/v1/sync/push', 'push', 200, 200, 200],
      ['GET', `/v1/notes/${a.noteId}/history`, undefined, 404, 200, 200],
      ['POST', '/v1/team/delete', { confirm: 'Secretive Team ZQX' }, 403, 403, 200],
    ];
    for (const [method, path, body, otherStatus, memberStatus, adminStatus] of routes) {
      for (const caller of ['none', 'malformed', 'revoked', 'other team', 'member', 'admin'] as Caller[]) {
        // The destructive admin routes run last for the admin (below), so the other callers see team A intact.
        if (caller === 'admin' && (path.endsWith('/revoke') || path.endsWith('/delete'))) continue;
        // Each caller pushes as its own client an edit of team A's contact (by guessing its id).
        const pushClient = crypto.randomUUID();
        const sent =
          body === 'push'
            ? {
                clientId: pushClient,
                mutations: [
                  {
                    id: 1,
                    name: 'record.update',
                    hlc: formatHlc({ ms: Date.now(), counter: 0 }, pushClient),
                    args: { type: 'contact', id: a.contactId, patch: { name: 'Hijacked' } },
                  },
                ],
              }
            : body;
        const r = await call(method, path, {
          token: tokens[caller],
          body: sent,
          headers: caller === 'malformed' ? { Authorization: 'Bearer not-a-token' } : {},
        });
        const expected =
          caller === 'none' || caller === 'malformed' || caller === 'revoked'
            ? 401
            : caller === 'other team'
              ? otherStatus
              : caller === 'member'
                ? memberStatus
                : adminStatus;
        expect(r.status, `${caller} → ${method} ${path}`).toBe(expected);
        if (r.status >= 400)
          expect(r.json, `${caller} → ${method} ${path}`).toMatchObject({
            error: { code: expect.any(String), message: expect.any(String) },
          });
        if (caller !== 'member' && caller !== 'admin')
          expect(JSON.stringify(r.json), `${caller} → ${method} ${path} leaked`).not.toContain('ZQX');
      }
    }
    // The other team's push named team A's record: it reached nothing of team A's (team A's own members' edits did).
    const rows = await testClient(a.owner).pullAll();
    expect(rows.find((r) => r.id === a.contactId)?.record).toMatchObject({ type: 'contact' });
    const otherRows = await testClient(otherAdmin).pullAll();
    expect(JSON.stringify(otherRows)).not.toContain('ZQX');
    expect((await call('POST', `/v1/team/members/${a.member.member.id}/revoke`, { token: a.owner.token })).status).toBe(
      200,
    );
    expect(
      (await call('POST', '/v1/team/delete', { token: a.owner.token, body: { confirm: 'Secretive Team ZQX' } })).status,
    ).toBe(200);
  });
});
