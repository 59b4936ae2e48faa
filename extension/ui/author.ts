import type { Session } from '../lib/db';

/** Who is writing: stamped on records and part of their stable ids. */
export interface Author {
  teamId: string;
  memberId: string;
  now: number;
}

export function authorOf(session: Session, now = Date.now()): Author {
  return { teamId: session.team.id, memberId: session.member.id, now };
}
