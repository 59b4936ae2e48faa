import { Hono } from 'hono';
import {
  changeRoleRequest,
  createInviteRequest,
  deleteTeamRequest,
  type CancelInviteResponse,
  type DeleteTeamResponse,
  type InviteResponse,
  type InvitesResponse,
  type LeaveResponse,
  type MembersResponse,
  type RevokeResponse,
  type TeamExport,
  type TeamMember,
  type TokenResponse,
} from '../../shared/api';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { newInviteCode, newToken, normalizeInviteCode, sha256Hex } from '../crypto';
import { requireMember, requireRole } from '../auth-middleware';
import { jsonBody } from '../validate';

const notFound = (what: string) => new ApiError(404, 'not_found', what);

/** Team administration: invites, members and roles, leaving, token rotation, export and deletion. */
export const team = new Hono<AppEnv>()
  .use(requireMember)
  .get('/members', async (c) => {
    const body: MembersResponse = { members: await c.var.stores.team.members(c.var.auth.teamId) };
    return c.json(body);
  })
  .post('/invites', requireRole('owner', 'admin'), jsonBody(createInviteRequest), async (c) => {
    const { teamId, memberId } = c.var.auth;
    const body = c.req.valid('json');
    const now = Date.now();
    const code = newInviteCode();
    const expiresAt = now + body.expiresInHours * 3_600_000;
    const id = crypto.randomUUID().replaceAll('-', '');
    await c.var.stores.team.createInvite({
      teamId,
      id,
      codeHash: await sha256Hex(normalizeInviteCode(code)),
      role: body.role,
      createdBy: memberId,
      now,
      expiresAt,
    });
    const invite: InviteResponse = { code, role: body.role, expiresAt };
    return c.json(invite, 201);
  })
  .get('/invites', requireRole('owner', 'admin'), async (c) => {
    const body: InvitesResponse = { invites: await c.var.stores.team.pendingInvites(c.var.auth.teamId, Date.now()) };
    return c.json(body);
  })
  .post('/invites/:id/cancel', requireRole('owner', 'admin'), async (c) => {
    if (!(await c.var.stores.team.cancelInvite(c.var.auth.teamId, c.req.param('id'))))
      throw notFound('no such invite waiting in this team (used, cancelled or never made)');
    const body: CancelInviteResponse = { id: c.req.param('id'), cancelled: true };
    return c.json(body);
  })
  .post('/members/:id/role', requireRole('owner', 'admin'), jsonBody(changeRoleRequest), async (c) => {
    const { teamId, role: myRole, memberId: me } = c.var.auth;
    const { role } = c.req.valid('json');
    const store = c.var.stores.team;
    const target = await store.member(teamId, c.req.param('id'));
    if (!target) throw notFound('no such member in this team');
    // Admins manage members and admins; only an owner makes or unmakes owners.
    if (myRole !== 'owner' && (role === 'owner' || target.role === 'owner'))
      throw forbidden('only an owner can change who is an owner');
    if (target.role === 'owner' && role !== 'owner' && (await store.ownerCount(teamId)) <= 1) {
      throw new ApiError(409, 'conflict', 'a team needs an owner: make someone else owner first');
    }
    if (target.id === me && myRole !== 'owner' && role === 'member')
      throw forbidden('ask an owner to change your own role');
    await store.setRole(teamId, target.id, role);
    const body: TeamMember = { id: target.id, name: target.name, role };
    return c.json(body);
  })
  .post('/members/:id/revoke', requireRole('owner', 'admin'), async (c) => {
    const { teamId, role: myRole, memberId: me } = c.var.auth;
    const store = c.var.stores.team;
    const target = await store.member(teamId, c.req.param('id'));
    if (!target) throw notFound('no such member in this team');
    if (target.id === me) throw new ApiError(400, 'bad_request', 'to remove yourself, leave the team');
    if (target.role === 'owner' && myRole !== 'owner') throw forbidden('only an owner can remove an owner');
    if (target.role === 'owner' && (await store.ownerCount(teamId)) <= 1)
      throw new ApiError(409, 'conflict', 'a team needs an owner');
    await store.revoke(teamId, target.id, Date.now());
    const body: RevokeResponse = { id: target.id, revoked: true };
    return c.json(body);
  })
  .post('/leave', async (c) => {
    const { teamId, memberId, role } = c.var.auth;
    if (role === 'owner' && (await c.var.stores.team.ownerCount(teamId)) <= 1) {
      throw new ApiError(409, 'conflict', 'you are the only owner: make someone else owner first, or delete the team');
    }
    await c.var.stores.team.revoke(teamId, memberId, Date.now());
    const body: LeaveResponse = { left: true };
    return c.json(body);
  })
  .post('/token/rotate', async (c) => {
    const { teamId, memberId } = c.var.auth;
    const current = await sha256Hex(c.req.header('Authorization')!.slice('Bearer '.length));
    const token = newToken();
    await c.var.stores.team.rotateToken({
      teamId,
      memberId,
      currentHash: current,
      newHash: await sha256Hex(token),
      now: Date.now(),
    });
    const body: TokenResponse = { token };
    return c.json(body, 201);
  })
  .get('/export', async (c) => {
    const { teamId, memberId } = c.var.auth;
    const store = c.var.stores.team;
    // Another member's private notes are not theirs to export.
    const [teamRow, members, records] = await Promise.all([
      store.team(teamId),
      store.members(teamId),
      store.exportRecords(teamId, memberId),
    ]);
    if (!teamRow) throw notFound('team not found');
    const body: TeamExport = {
      format: 'margin-export/1',
      exportedAt: Date.now(),
      team: teamRow,
      members,
      records,
    };
    c.header(
      'Content-Disposition',
      `attachment; filename="margin-export-${new Date().toISOString().slice(0, 10)}.json"`,
    );
    return c.json(body);
  })
  .post('/delete', requireRole('owner'), jsonBody(deleteTeamRequest), async (c) => {
    const { teamId } = c.var.auth;
    const store = c.var.stores.team;
    const teamRow = await store.team(teamId);
    if (!teamRow) throw notFound('team not found');
    if (c.req.valid('json').confirm !== teamRow.name)
      throw new ApiError(400, 'bad_request', `to delete the team, confirm with its exact name ("${teamRow.name}")`);
    await store.deleteTeam(teamId);
    const body: DeleteTeamResponse = { deleted: true };
    return c.json(body);
  });
