import { Hono } from 'hono';
import type { z } from 'zod';
import { createTeamRequest, joinRequest, type SessionResponse, type TeamInfo } from '../../shared/api';
import { newRecordId } from '../../shared/ids';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { normalizeInviteCode, sha256Hex } from '../crypto';
import type { TeamStore } from '../team-store';
import { requireMember } from '../auth-middleware';
import { jsonBody } from '../validate';
import { spendFailure } from '../rate-limit';

/** Joins the invite's team as a new member, using its code up. */
async function joinTeam(store: TeamStore, body: z.infer<typeof joinRequest>): Promise<SessionResponse> {
  const now = Date.now();
  const codeHash = await sha256Hex(normalizeInviteCode(body.code));
  const invite = await store.inviteByCode(codeHash);
  if (!invite)
    throw new ApiError(400, 'invite_invalid', 'this invite code is not known; check it or ask for a new one');
  // An invite is worth what its maker may still do: none once they left, were removed or are no longer owner or admin.
  if (invite.makerRevokedAt !== null || (invite.makerRole !== 'owner' && invite.makerRole !== 'admin')) {
    throw new ApiError(
      400,
      'invite_invalid',
      'this invite code was withdrawn (whoever made it can no longer invite); ask for a new one',
    );
  }
  if (invite.usedAt !== null)
    throw new ApiError(400, 'invite_invalid', 'this invite code has already been used; ask for a new one');
  if (invite.expiresAt <= now)
    throw new ApiError(400, 'invite_invalid', 'this invite code has expired; ask for a new one');
  const session = await store.join({
    codeHash,
    team: { id: invite.teamId, name: invite.teamName },
    person: body,
    role: invite.role,
    now,
  });
  if (!session) throw new ApiError(400, 'invite_invalid', 'this invite code has already been used; ask for a new one');
  return session;
}

/** Creating a team, joining one with an invite code, and who am I. */
export const auth = new Hono<AppEnv>()
  .post('/teams', jsonBody(createTeamRequest), async (c) => {
    const secret = c.env.TEAM_CREATION_SECRET;
    if (secret && c.req.header('X-Margin-Setup') !== secret) {
      throw forbidden('creating a team on this server needs the setup secret (X-Margin-Setup header)');
    }
    const body = c.req.valid('json');
    const team: TeamInfo = { id: newRecordId(), name: body.teamName };
    const session = await c.var.stores.team.createTeam({
      team,
      owner: { name: body.ownerName, email: body.ownerEmail },
      now: Date.now(),
    });
    return c.json(session, 201);
  })
  .post('/join', jsonBody(joinRequest), async (c) => {
    try {
      return c.json(await joinTeam(c.var.stores.team, c.req.valid('json')), 201);
    } catch (error) {
      // Guessing codes is what the failure budget is for.
      if (error instanceof ApiError && error.code === 'invite_invalid') spendFailure(c);
      throw error;
    }
  })
  .get('/me', requireMember, async (c) => {
    const { teamId, memberId } = c.var.auth;
    const me = await c.var.stores.team.me(teamId, memberId);
    if (!me) throw new ApiError(404, 'not_found', 'member not found');
    return c.json(me);
  });
