import { Hono } from 'hono';
import type { z } from 'zod';
import { createTeamRequest, joinRequest, type MeResponse, type SessionResponse, type TeamInfo } from '../../shared/api';
import { newRecordId } from '../../shared/ids';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { normalizeInviteCode, sha256Hex } from '../crypto';
import { memberWithToken } from '../members';
import { requireMember } from '../auth-middleware';
import { jsonBody } from '../validate';
import { spendFailure } from '../rate-limit';

/** Joins the invite's team as a new member, using its code up. */
async function joinTeam(db: D1Database, body: z.infer<typeof joinRequest>, answer: (session: SessionResponse) => Response): Promise<Response> {
  const now = Date.now();
  const codeHash = await sha256Hex(normalizeInviteCode(body.code));
  const invite = await db
    .prepare(
      `SELECT i.team_id AS teamId, i.role, i.expires_at AS expiresAt, i.used_at AS usedAt, t.name AS teamName,
              m.role AS makerRole, m.revoked_at AS makerRevokedAt
         FROM invites i JOIN teams t ON t.id = i.team_id
         LEFT JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
        WHERE i.code_hash = ?`,
    )
    .bind(codeHash)
    .first<{ teamId: string; role: 'admin' | 'member'; expiresAt: number; usedAt: number | null; teamName: string; makerRole: string | null; makerRevokedAt: number | null }>();
  if (!invite) throw new ApiError(400, 'invite_invalid', 'this invite code is not known; check it or ask for a new one');
  // An invite is worth what its maker may still do: none once they left, were removed or are no longer owner or admin.
  if (invite.makerRevokedAt !== null || (invite.makerRole !== 'owner' && invite.makerRole !== 'admin')) {
    throw new ApiError(400, 'invite_invalid', 'this invite code was withdrawn (whoever made it can no longer invite); ask for a new one');
  }
  if (invite.usedAt !== null) throw new ApiError(400, 'invite_invalid', 'this invite code has already been used; ask for a new one');
  if (invite.expiresAt <= now) throw new ApiError(400, 'invite_invalid', 'this invite code has expired; ask for a new one');
  const team: TeamInfo = { id: invite.teamId, name: invite.teamName };
  const { statements, session } = await memberWithToken(db, team, body, invite.role, now);
  try {
    await db.batch([
      // Single use even under a race: the batch rolls back unless the code is still unused now.
      db
        .prepare(
          `INSERT INTO write_guard (ok) SELECT 0 WHERE NOT EXISTS (
             SELECT 1 FROM invites i JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
              WHERE i.code_hash = ? AND i.used_at IS NULL AND i.expires_at > ? AND m.revoked_at IS NULL AND m.role IN ('owner', 'admin'))`,
        )
        .bind(codeHash, now),
      db.prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE code_hash = ?').bind(now, session.member.id, codeHash),
      ...statements,
    ]);
  } catch (error) {
    if (String(error).includes('CHECK constraint failed')) {
      throw new ApiError(400, 'invite_invalid', 'this invite code has already been used; ask for a new one');
    }
    throw error;
  }
  return answer(session);
}

/** Creating a team, joining one with an invite code, and who am I. */
export const auth = new Hono<AppEnv>()
  .post('/teams', jsonBody(createTeamRequest), async (c) => {
    const secret = c.env.TEAM_CREATION_SECRET;
    if (secret && c.req.header('X-Margin-Setup') !== secret) {
      throw forbidden('creating a team on this server needs the setup secret (X-Margin-Setup header)');
    }
    const body = c.req.valid('json');
    const now = Date.now();
    const team: TeamInfo = { id: newRecordId(), name: body.teamName };
    const { statements, session } = await memberWithToken(c.env.DB, team, { name: body.ownerName, email: body.ownerEmail }, 'owner', now);
    await c.env.DB.batch([
      c.env.DB.prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)').bind(team.id, team.name, now),
      ...statements,
    ]);
    return c.json(session, 201);
  })
  .post('/join', jsonBody(joinRequest), async (c) => {
    try {
      return await joinTeam(c.env.DB, c.req.valid('json'), (session) => c.json(session, 201));
    } catch (error) {
      // Guessing codes is what the failure budget is for.
      if (error instanceof ApiError && error.code === 'invite_invalid') spendFailure(c);
      throw error;
    }
  })
  .get('/me', requireMember, async (c) => {
    const { teamId, memberId } = c.var.auth;
    const row = await c.env.DB.prepare(
      `SELECT t.id AS teamId, t.name AS teamName, m.id, m.name, m.email, m.role
         FROM members m JOIN teams t ON t.id = m.team_id WHERE m.team_id = ? AND m.id = ?`,
    )
      .bind(teamId, memberId)
      .first<{ teamId: string; teamName: string; id: string; name: string; email: string | null; role: MeResponse['member']['role'] }>();
    if (!row) throw new ApiError(404, 'not_found', 'member not found');
    const me: MeResponse = {
      team: { id: row.teamId, name: row.teamName },
      member: { id: row.id, name: row.name, email: row.email, role: row.role },
    };
    return c.json(me);
  });
