import type { MemberInfo, Role, SessionResponse, TeamInfo } from '../shared/api';
import { newRecordId } from '../shared/ids';
import { newToken, sha256Hex } from './crypto';

/** Statements that add a member with a fresh token; the caller runs them in its batch. */
export async function memberWithToken(
  db: D1Database,
  team: TeamInfo,
  person: { name: string; email?: string | undefined },
  role: Role,
  now: number,
): Promise<{ statements: D1PreparedStatement[]; session: SessionResponse }> {
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
  return { statements, session: { team, member, token } };
}
