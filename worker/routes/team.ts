import { Hono } from 'hono';
import {
  changeRoleRequest,
  createInviteRequest,
  deleteTeamRequest,
  type InviteResponse,
  type InvitesResponse,
  type MembersResponse,
  type Role,
  type TeamExport,
  type TokenResponse,
} from '../../shared/api';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { newInviteCode, newToken, normalizeInviteCode, sha256Hex } from '../crypto';
import { requireMember, requireRole } from '../auth-middleware';
import { jsonBody } from '../validate';

const notFound = (what: string) => new ApiError(404, 'not_found', what);

/** A live member of the caller's team (never another team's, whatever the id says). */
async function memberOf(db: D1Database, teamId: string, memberId: string) {
  return db
    .prepare('SELECT id, name, role FROM members WHERE team_id = ? AND id = ? AND revoked_at IS NULL')
    .bind(teamId, memberId)
    .first<{ id: string; name: string; role: Role }>();
}

async function ownerCount(db: D1Database, teamId: string): Promise<number> {
  return (await db.prepare("SELECT COUNT(*) AS n FROM members WHERE team_id = ? AND role = 'owner' AND revoked_at IS NULL").bind(teamId).first<{ n: number }>())?.n ?? 0;
}

/** Invites a member made that are not used yet: they end when their maker can no longer invite. */
function dropInvitesBy(db: D1Database, teamId: string, memberId: string) {
  return db.prepare('DELETE FROM invites WHERE team_id = ? AND created_by = ? AND used_at IS NULL').bind(teamId, memberId);
}

/** Revokes a member and every token they hold, at once. Their records stay with the team. */
function revokeStatements(db: D1Database, teamId: string, memberId: string, now: number) {
  return [
    db.prepare('UPDATE members SET revoked_at = ? WHERE team_id = ? AND id = ? AND revoked_at IS NULL').bind(now, teamId, memberId),
    db.prepare('UPDATE tokens SET revoked_at = ? WHERE team_id = ? AND member_id = ? AND revoked_at IS NULL').bind(now, teamId, memberId),
    dropInvitesBy(db, teamId, memberId),
  ];
}

/** Team administration: invites, members and roles, leaving, token rotation, export and deletion. */
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
    const id = crypto.randomUUID().replaceAll('-', '');
    await c.env.DB.prepare(
      'INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at, id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
      .bind(await sha256Hex(normalizeInviteCode(code)), teamId, body.role, memberId, now, expiresAt, id)
      .run();
    const invite: InviteResponse = { code, role: body.role, expiresAt };
    return c.json(invite, 201);
  })
  .get('/invites', requireRole('owner', 'admin'), async (c) => {
    const rows = await c.env.DB.prepare(
      `SELECT i.id, i.role, i.created_by AS createdBy, m.name AS createdByName, i.created_at AS createdAt, i.expires_at AS expiresAt
         FROM invites i JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
        WHERE i.team_id = ? AND i.used_at IS NULL AND i.expires_at > ? AND m.revoked_at IS NULL AND m.role IN ('owner', 'admin')
        ORDER BY i.created_at`,
    )
      .bind(c.var.auth.teamId, Date.now())
      .all<InvitesResponse['invites'][number]>();
    const body: InvitesResponse = { invites: rows.results };
    return c.json(body);
  })
  .post('/invites/:id/cancel', requireRole('owner', 'admin'), async (c) => {
    const result = await c.env.DB.prepare('DELETE FROM invites WHERE team_id = ? AND id = ? AND used_at IS NULL').bind(c.var.auth.teamId, c.req.param('id')).run();
    if (!result.meta.changes) throw notFound('no such invite waiting in this team (used, cancelled or never made)');
    return c.json({ id: c.req.param('id'), cancelled: true });
  })
  .post('/members/:id/role', requireRole('owner', 'admin'), jsonBody(changeRoleRequest), async (c) => {
    const { teamId, role: myRole, memberId: me } = c.var.auth;
    const { role } = c.req.valid('json');
    const target = await memberOf(c.env.DB, teamId, c.req.param('id'));
    if (!target) throw notFound('no such member in this team');
    // Admins manage members and admins; only an owner makes or unmakes owners.
    if (myRole !== 'owner' && (role === 'owner' || target.role === 'owner')) throw forbidden('only an owner can change who is an owner');
    if (target.role === 'owner' && role !== 'owner' && (await ownerCount(c.env.DB, teamId)) <= 1) {
      throw new ApiError(409, 'conflict', 'a team needs an owner: make someone else owner first');
    }
    if (target.id === me && myRole !== 'owner' && role === 'member') throw forbidden('ask an owner to change your own role');
    // A member no longer invites: the codes they made while admin end with their rights.
    await c.env.DB.batch([
      c.env.DB.prepare('UPDATE members SET role = ? WHERE team_id = ? AND id = ?').bind(role, teamId, target.id),
      ...(role === 'member' ? [dropInvitesBy(c.env.DB, teamId, target.id)] : []),
    ]);
    return c.json({ id: target.id, name: target.name, role });
  })
  .post('/members/:id/revoke', requireRole('owner', 'admin'), async (c) => {
    const { teamId, role: myRole, memberId: me } = c.var.auth;
    const target = await memberOf(c.env.DB, teamId, c.req.param('id'));
    if (!target) throw notFound('no such member in this team');
    if (target.id === me) throw new ApiError(400, 'bad_request', 'to remove yourself, leave the team');
    if (target.role === 'owner' && myRole !== 'owner') throw forbidden('only an owner can remove an owner');
    if (target.role === 'owner' && (await ownerCount(c.env.DB, teamId)) <= 1) throw new ApiError(409, 'conflict', 'a team needs an owner');
    await c.env.DB.batch(revokeStatements(c.env.DB, teamId, target.id, Date.now()));
    return c.json({ id: target.id, revoked: true });
  })
  .post('/leave', async (c) => {
    const { teamId, memberId, role } = c.var.auth;
    if (role === 'owner' && (await ownerCount(c.env.DB, teamId)) <= 1) {
      throw new ApiError(409, 'conflict', 'you are the only owner: make someone else owner first, or delete the team');
    }
    await c.env.DB.batch(revokeStatements(c.env.DB, teamId, memberId, Date.now()));
    return c.json({ left: true });
  })
  .post('/token/rotate', async (c) => {
    const { teamId, memberId } = c.var.auth;
    const current = await sha256Hex(c.req.header('Authorization')!.slice('Bearer '.length));
    const token = newToken();
    const now = Date.now();
    await c.env.DB.batch([
      c.env.DB.prepare('INSERT INTO tokens (hash, team_id, member_id, created_at) VALUES (?, ?, ?, ?)').bind(await sha256Hex(token), teamId, memberId, now),
      c.env.DB.prepare('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND team_id = ?').bind(now, current, teamId),
    ]);
    const body: TokenResponse = { token };
    return c.json(body, 201);
  })
  .get('/export', async (c) => {
    const { teamId, memberId } = c.var.auth;
    const db = c.env.DB;
    const [teamRow, members, rows] = await Promise.all([
      db.prepare('SELECT id, name FROM teams WHERE id = ?').bind(teamId).first<{ id: string; name: string }>(),
      db.prepare('SELECT id, name, role FROM members WHERE team_id = ? AND revoked_at IS NULL ORDER BY created_at').bind(teamId).all<{ id: string; name: string; role: Role }>(),
      // Another member's private notes are not theirs to export.
      db.prepare('SELECT data FROM records WHERE team_id = ? AND deleted = 0 AND (private_to IS NULL OR private_to = ?) ORDER BY seq').bind(teamId, memberId).all<{ data: string }>(),
    ]);
    if (!teamRow) throw notFound('team not found');
    const body: TeamExport = {
      format: 'margin-export/1',
      exportedAt: Date.now(),
      team: teamRow,
      members: members.results,
      records: rows.results.map((r) => JSON.parse(r.data) as Record<string, unknown>),
    };
    c.header('Content-Disposition', `attachment; filename="margin-export-${new Date().toISOString().slice(0, 10)}.json"`);
    return c.json(body);
  })
  .post('/delete', requireRole('owner'), jsonBody(deleteTeamRequest), async (c) => {
    const { teamId } = c.var.auth;
    const db = c.env.DB;
    const teamRow = await db.prepare('SELECT name FROM teams WHERE id = ?').bind(teamId).first<{ name: string }>();
    if (!teamRow) throw notFound('team not found');
    if (c.req.valid('json').confirm !== teamRow.name) throw new ApiError(400, 'bad_request', `to delete the team, confirm with its exact name ("${teamRow.name}")`);
    await db.batch(
      ['records', 'note_revisions', 'clients', 'invites', 'tokens', 'members'].map((table) => db.prepare(`DELETE FROM ${table} WHERE team_id = ?`).bind(teamId)).concat(db.prepare('DELETE FROM teams WHERE id = ?').bind(teamId)),
    );
    return c.json({ deleted: true });
  });
