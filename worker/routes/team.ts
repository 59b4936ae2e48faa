import { Hono } from 'hono';
import { createInviteRequest, type InviteResponse, type MembersResponse, type Role } from '../../shared/api';
import type { AppEnv } from '../env';
import { newInviteCode, normalizeInviteCode, sha256Hex } from '../crypto';
import { requireMember, requireRole } from '../auth-middleware';
import { jsonBody } from '../validate';

/** Team administration: invites (members, roles and revocation grow here). */
export const team = new Hono<AppEnv>()
  .use(requireMember)
  .get('/members', async (c) => {
    const rows = await c.env.DB.prepare('SELECT id, name, role FROM members WHERE team_id = ? AND revoked_at IS NULL ORDER BY created_at')
      .bind(c.var.auth.teamId)
      .all<{ id: string; name: string; role: Role }>();
    const body: MembersResponse = { members: rows.results };
    return c.json(body);
  })
  .post('/invites', requireRole('owner', 'admin'), jsonBody(createInviteRequest), async (c) => {
    const { teamId, memberId } = c.var.auth;
    const body = c.req.valid('json');
    const now = Date.now();
    const code = newInviteCode();
    const expiresAt = now + body.expiresInHours * 3_600_000;
    await c.env.DB.prepare(
      'INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
      .bind(await sha256Hex(normalizeInviteCode(code)), teamId, body.role, memberId, now, expiresAt)
      .run();
    const invite: InviteResponse = { code, role: body.role, expiresAt };
    return c.json(invite, 201);
  });
