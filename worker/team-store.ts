import type {
  InvitesResponse,
  MeResponse,
  MemberInfo,
  Role,
  SessionResponse,
  TeamInfo,
  TeamMember,
} from '../shared/api';
import { newRecordId } from '../shared/ids';
import { newToken, sha256Hex } from './crypto';

/** An invite found by its code, with what its maker may still do. */
export interface InviteLookup {
  teamId: string;
  teamName: string;
  role: 'admin' | 'member';
  expiresAt: number;
  usedAt: number | null;
  makerRole: string | null;
  makerRevokedAt: number | null;
}

/** Who a token belongs to (a live token of a live member), for the auth middleware. */
export interface TokenOwner {
  teamId: string;
  memberId: string;
  memberName: string;
  role: string;
}

/**
 * What the team routes need from storage: members and roles, invites, tokens, export, deletion.
 * Every method takes the team from the authenticated member (never from the request), and every
 * statement is scoped by it. D1 implements it below; a team in its own Durable Object would too.
 */
export interface TeamStore {
  /** A new team with its owner and the owner's first token. */
  createTeam(input: {
    team: TeamInfo;
    owner: { name: string; email?: string | undefined };
    now: number;
  }): Promise<SessionResponse>;
  inviteByCode(codeHash: string): Promise<InviteLookup | null>;
  /**
   * Uses the invite up and adds the member with a fresh token, at once; null when the code was used
   * (or withdrawn) meanwhile: single use even under a race.
   */
  join(input: {
    codeHash: string;
    team: TeamInfo;
    person: { name: string; email?: string | undefined };
    role: Role;
    now: number;
  }): Promise<SessionResponse | null>;
  me(teamId: string, memberId: string): Promise<MeResponse | null>;
  tokenOwner(tokenHash: string): Promise<TokenOwner | null>;
  members(teamId: string): Promise<TeamMember[]>;
  /** A live member of this team (never another team's, whatever the id says). */
  member(teamId: string, memberId: string): Promise<TeamMember | null>;
  ownerCount(teamId: string): Promise<number>;
  createInvite(input: {
    teamId: string;
    id: string;
    codeHash: string;
    role: Role;
    createdBy: string;
    now: number;
    expiresAt: number;
  }): Promise<void>;
  /** Invites not used or expired whose maker can still invite. */
  pendingInvites(teamId: string, now: number): Promise<InvitesResponse['invites']>;
  /** False when there is no such invite waiting in this team. */
  cancelInvite(teamId: string, inviteId: string): Promise<boolean>;
  /** A member who becomes a plain member no longer invites: the codes they made end with their rights. */
  setRole(teamId: string, memberId: string, role: Role): Promise<void>;
  /** Revokes a member and every token they hold, at once; their unused invites end. Their records stay with the team. */
  revoke(teamId: string, memberId: string, now: number): Promise<void>;
  rotateToken(input: {
    teamId: string;
    memberId: string;
    currentHash: string;
    newHash: string;
    now: number;
  }): Promise<void>;
  team(teamId: string): Promise<{ id: string; name: string } | null>;
  /** Every live record a member may see (not another member's private notes), in server order. */
  exportRecords(teamId: string, memberId: string): Promise<Record<string, unknown>[]>;
  /** Deletes the team and everything it holds. */
  deleteTeam(teamId: string): Promise<void>;
}

const TEAM_TABLES = ['records', 'note_revisions', 'clients', 'invites', 'tokens', 'members', 'rejections'] as const;

/** Statements that add a member with a fresh token; the caller runs them in its batch. */
async function memberWithToken(
  db: D1Database,
  team: TeamInfo,
  person: { name: string; email?: string | undefined },
  role: Role,
  now: number,
) {
  const member: MemberInfo = { id: newRecordId(), name: person.name, email: person.email ?? null, role };
  const token = newToken();
  const statements = [
    db
      .prepare('INSERT INTO members (team_id, id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(team.id, member.id, member.name, member.email, role, now),
    db
      .prepare('INSERT INTO tokens (hash, team_id, member_id, created_at) VALUES (?, ?, ?, ?)')
      .bind(await sha256Hex(token), team.id, member.id, now),
  ];
  const session: SessionResponse = { team, member, token };
  return { statements, session };
}

export function d1TeamStore(db: D1Database): TeamStore {
  const dropInvitesBy = (teamId: string, memberId: string) =>
    db.prepare('DELETE FROM invites WHERE team_id = ? AND created_by = ? AND used_at IS NULL').bind(teamId, memberId);
  return {
    async createTeam({ team, owner, now }) {
      const { statements, session } = await memberWithToken(db, team, owner, 'owner', now);
      await db.batch([
        db.prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)').bind(team.id, team.name, now),
        ...statements,
      ]);
      return session;
    },
    inviteByCode(codeHash) {
      return db
        .prepare(
          `SELECT i.team_id AS teamId, i.role, i.expires_at AS expiresAt, i.used_at AS usedAt, t.name AS teamName,
                  m.role AS makerRole, m.revoked_at AS makerRevokedAt
             FROM invites i JOIN teams t ON t.id = i.team_id
             LEFT JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
            WHERE i.code_hash = ?`,
        )
        .bind(codeHash)
        .first<InviteLookup>();
    },
    async join({ codeHash, team, person, role, now }) {
      const { statements, session } = await memberWithToken(db, team, person, role, now);
      try {
        await db.batch([
          // The batch rolls back unless the code is still unused, unexpired and its maker may still invite.
          db
            .prepare(
              `INSERT INTO write_guard (ok) SELECT 0 WHERE NOT EXISTS (
                 SELECT 1 FROM invites i JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
                  WHERE i.code_hash = ? AND i.used_at IS NULL AND i.expires_at > ? AND m.revoked_at IS NULL AND m.role IN ('owner', 'admin'))`,
            )
            .bind(codeHash, now),
          db
            .prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE code_hash = ?')
            .bind(now, session.member.id, codeHash),
          ...statements,
        ]);
      } catch (error) {
        if (String(error).includes('CHECK constraint failed')) return null;
        throw error;
      }
      return session;
    },
    async me(teamId, memberId) {
      const row = await db
        .prepare(
          `SELECT t.id AS teamId, t.name AS teamName, m.id, m.name, m.email, m.role
             FROM members m JOIN teams t ON t.id = m.team_id WHERE m.team_id = ? AND m.id = ?`,
        )
        .bind(teamId, memberId)
        .first<{ teamId: string; teamName: string; id: string; name: string; email: string | null; role: Role }>();
      return row
        ? {
            team: { id: row.teamId, name: row.teamName },
            member: { id: row.id, name: row.name, email: row.email, role: row.role },
          }
        : null;
    },
    tokenOwner(tokenHash) {
      return db
        .prepare(
          `SELECT t.team_id AS teamId, t.member_id AS memberId, m.name AS memberName, m.role AS role
             FROM tokens t JOIN members m ON m.team_id = t.team_id AND m.id = t.member_id
            WHERE t.hash = ? AND t.revoked_at IS NULL AND m.revoked_at IS NULL`,
        )
        .bind(tokenHash)
        .first<TokenOwner>();
    },
    async members(teamId) {
      const rows = await db
        .prepare('SELECT id, name, role FROM members WHERE team_id = ? AND revoked_at IS NULL ORDER BY created_at')
        .bind(teamId)
        .all<TeamMember>();
      return rows.results;
    },
    member(teamId, memberId) {
      return db
        .prepare('SELECT id, name, role FROM members WHERE team_id = ? AND id = ? AND revoked_at IS NULL')
        .bind(teamId, memberId)
        .first<TeamMember>();
    },
    async ownerCount(teamId) {
      return (
        (
          await db
            .prepare("SELECT COUNT(*) AS n FROM members WHERE team_id = ? AND role = 'owner' AND revoked_at IS NULL")
            .bind(teamId)
            .first<{ n: number }>()
        )?.n ?? 0
      );
    },
    async createInvite({ teamId, id, codeHash, role, createdBy, now, expiresAt }) {
      await db
        .prepare(
          'INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at, id) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .bind(codeHash, teamId, role, createdBy, now, expiresAt, id)
        .run();
    },
    async pendingInvites(teamId, now) {
      const rows = await db
        .prepare(
          `SELECT i.id, i.role, i.created_by AS createdBy, m.name AS createdByName, i.created_at AS createdAt, i.expires_at AS expiresAt
             FROM invites i JOIN members m ON m.team_id = i.team_id AND m.id = i.created_by
            WHERE i.team_id = ? AND i.used_at IS NULL AND i.expires_at > ? AND m.revoked_at IS NULL AND m.role IN ('owner', 'admin')
            ORDER BY i.created_at`,
        )
        .bind(teamId, now)
        .all<InvitesResponse['invites'][number]>();
      return rows.results;
    },
    async cancelInvite(teamId, inviteId) {
      const result = await db
        .prepare('DELETE FROM invites WHERE team_id = ? AND id = ? AND used_at IS NULL')
        .bind(teamId, inviteId)
        .run();
      return result.meta.changes > 0;
    },
    async setRole(teamId, memberId, role) {
      await db.batch([
        db.prepare('UPDATE members SET role = ? WHERE team_id = ? AND id = ?').bind(role, teamId, memberId),
        ...(role === 'member' ? [dropInvitesBy(teamId, memberId)] : []),
      ]);
    },
    async revoke(teamId, memberId, now) {
      await db.batch([
        db
          .prepare('UPDATE members SET revoked_at = ? WHERE team_id = ? AND id = ? AND revoked_at IS NULL')
          .bind(now, teamId, memberId),
        db
          .prepare('UPDATE tokens SET revoked_at = ? WHERE team_id = ? AND member_id = ? AND revoked_at IS NULL')
          .bind(now, teamId, memberId),
        dropInvitesBy(teamId, memberId),
      ]);
    },
    async rotateToken({ teamId, memberId, currentHash, newHash, now }) {
      await db.batch([
        db
          .prepare('INSERT INTO tokens (hash, team_id, member_id, created_at) VALUES (?, ?, ?, ?)')
          .bind(newHash, teamId, memberId, now),
        db.prepare('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND team_id = ?').bind(now, currentHash, teamId),
      ]);
    },
    team(teamId) {
      return db.prepare('SELECT id, name FROM teams WHERE id = ?').bind(teamId).first<{ id: string; name: string }>();
    },
    async exportRecords(teamId, memberId) {
      const rows = await db
        .prepare(
          'SELECT data FROM records WHERE team_id = ? AND deleted = 0 AND (private_to IS NULL OR private_to = ?) ORDER BY seq',
        )
        .bind(teamId, memberId)
        .all<{ data: string }>();
      return rows.results.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    },
    async deleteTeam(teamId) {
      await db.batch([
        ...TEAM_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE team_id = ?`).bind(teamId)),
        db.prepare('DELETE FROM teams WHERE id = ?').bind(teamId),
      ]);
    },
  };
}
