import type { InvitesResponse, Role, TeamMember } from '../shared/api';

/**
 * What the team routes need from storage: members and roles, invites, tokens, export, deletion.
 * Every method takes the team from the authenticated member (never from the request), and every
 * statement is scoped by it. D1 implements it below; a team in its own Durable Object would too.
 */
export interface TeamStore {
  members(teamId: string): Promise<TeamMember[]>;
  /** A live member of this team (never another team's, whatever the id says). */
  member(teamId: string, memberId: string): Promise<TeamMember | null>;
  ownerCount(teamId: string): Promise<number>;
  createInvite(input: { teamId: string; id: string; codeHash: string; role: Role; createdBy: string; now: number; expiresAt: number }): Promise<void>;
  /** Invites not used or expired whose maker can still invite. */
  pendingInvites(teamId: string, now: number): Promise<InvitesResponse['invites']>;
  /** False when there is no such invite waiting in this team. */
  cancelInvite(teamId: string, inviteId: string): Promise<boolean>;
  /** A member who becomes a plain member no longer invites: the codes they made end with their rights. */
  setRole(teamId: string, memberId: string, role: Role): Promise<void>;
  /** Revokes a member and every token they hold, at once; their unused invites end. Their records stay with the team. */
  revoke(teamId: string, memberId: string, now: number): Promise<void>;
  rotateToken(input: { teamId: string; memberId: string; currentHash: string; newHash: string; now: number }): Promise<void>;
  team(teamId: string): Promise<{ id: string; name: string } | null>;
  /** Every live record a member may see (not another member's private notes), in server order. */
  exportRecords(teamId: string, memberId: string): Promise<Record<string, unknown>[]>;
  /** Deletes the team and everything it holds. */
  deleteTeam(teamId: string): Promise<void>;
}

const TEAM_TABLES = ['records', 'note_revisions', 'clients', 'invites', 'tokens', 'members', 'rejections'] as const;

export function d1TeamStore(db: D1Database): TeamStore {
  const dropInvitesBy = (teamId: string, memberId: string) =>
    db.prepare('DELETE FROM invites WHERE team_id = ? AND created_by = ? AND used_at IS NULL').bind(teamId, memberId);
  return {
    async members(teamId) {
      const rows = await db.prepare('SELECT id, name, role FROM members WHERE team_id = ? AND revoked_at IS NULL ORDER BY created_at').bind(teamId).all<TeamMember>();
      return rows.results;
    },
    member(teamId, memberId) {
      return db.prepare('SELECT id, name, role FROM members WHERE team_id = ? AND id = ? AND revoked_at IS NULL').bind(teamId, memberId).first<TeamMember>();
    },
    async ownerCount(teamId) {
      return (await db.prepare("SELECT COUNT(*) AS n FROM members WHERE team_id = ? AND role = 'owner' AND revoked_at IS NULL").bind(teamId).first<{ n: number }>())?.n ?? 0;
    },
    async createInvite({ teamId, id, codeHash, role, createdBy, now, expiresAt }) {
      await db
        .prepare('INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at, id) VALUES (?, ?, ?, ?, ?, ?, ?)')
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
      const result = await db.prepare('DELETE FROM invites WHERE team_id = ? AND id = ? AND used_at IS NULL').bind(teamId, inviteId).run();
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
        db.prepare('UPDATE members SET revoked_at = ? WHERE team_id = ? AND id = ? AND revoked_at IS NULL').bind(now, teamId, memberId),
        db.prepare('UPDATE tokens SET revoked_at = ? WHERE team_id = ? AND member_id = ? AND revoked_at IS NULL').bind(now, teamId, memberId),
        dropInvitesBy(teamId, memberId),
      ]);
    },
    async rotateToken({ teamId, memberId, currentHash, newHash, now }) {
      await db.batch([
        db.prepare('INSERT INTO tokens (hash, team_id, member_id, created_at) VALUES (?, ?, ?, ?)').bind(newHash, teamId, memberId, now),
        db.prepare('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND team_id = ?').bind(now, currentHash, teamId),
      ]);
    },
    team(teamId) {
      return db.prepare('SELECT id, name FROM teams WHERE id = ?').bind(teamId).first<{ id: string; name: string }>();
    },
    async exportRecords(teamId, memberId) {
      const rows = await db
        .prepare('SELECT data FROM records WHERE team_id = ? AND deleted = 0 AND (private_to IS NULL OR private_to = ?) ORDER BY seq')
        .bind(teamId, memberId)
        .all<{ data: string }>();
      return rows.results.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    },
    async deleteTeam(teamId) {
      await db.batch([...TEAM_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE team_id = ?`).bind(teamId)), db.prepare('DELETE FROM teams WHERE id = ?').bind(teamId)]);
    },
  };
}
