import { z } from 'zod';
import { email } from './records';

/** Requests and responses of the team and auth routes. */
export const ROLES = ['owner', 'admin', 'member'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

const personName = z.string().trim().min(1, 'name is required').max(100);

export const createTeamRequest = z.object({
  teamName: z.string().trim().min(1, 'teamName is required').max(100),
  ownerName: personName,
  ownerEmail: email.optional(),
});

export const createInviteRequest = z.object({
  role: z.enum(['admin', 'member']).default('member'),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});

export const joinRequest = z.object({
  code: z.string().trim().min(1, 'code is required').max(64),
  name: personName,
  email: email.optional(),
});

export const teamInfo = z.object({ id: z.string(), name: z.string() });
export const memberInfo = z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), role });

export const sessionResponse = z.object({ team: teamInfo, member: memberInfo, token: z.string() });
export type SessionResponse = z.infer<typeof sessionResponse>;

export const meResponse = z.object({ team: teamInfo, member: memberInfo });
export type MeResponse = z.infer<typeof meResponse>;

export const inviteResponse = z.object({ code: z.string(), role, expiresAt: z.number() });
export type InviteResponse = z.infer<typeof inviteResponse>;

/** An invite not yet used, as owners and admins see it: never its code (stored hashed only). */
export const pendingInvite = z.object({
  id: z.string(),
  role: z.enum(['admin', 'member']),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type PendingInvite = z.infer<typeof pendingInvite>;
export const invitesResponse = z.object({ invites: z.array(pendingInvite) });
export type InvitesResponse = z.infer<typeof invitesResponse>;

export type MemberInfo = z.infer<typeof memberInfo>;
export type TeamInfo = z.infer<typeof teamInfo>;

/** A teammate as every member sees them (names for owners, authors, assignees). */
export const teamMember = z.object({ id: z.string(), name: z.string(), role });
export type TeamMember = z.infer<typeof teamMember>;
export const membersResponse = z.object({ members: z.array(teamMember) });
export type MembersResponse = z.infer<typeof membersResponse>;

export const changeRoleRequest = z.object({ role });
export const deleteTeamRequest = z.object({ confirm: z.string().max(200) });
export const tokenResponse = z.object({ token: z.string() });
/** Replies of the team-administration calls: what the server did, named. */
export const cancelInviteResponse = z.object({ id: z.string(), cancelled: z.literal(true) });
export type CancelInviteResponse = z.infer<typeof cancelInviteResponse>;
export const revokeResponse = z.object({ id: z.string(), revoked: z.literal(true) });
export type RevokeResponse = z.infer<typeof revokeResponse>;
export const leaveResponse = z.object({ left: z.literal(true) });
export type LeaveResponse = z.infer<typeof leaveResponse>;
export const deleteTeamResponse = z.object({ deleted: z.literal(true) });
export type DeleteTeamResponse = z.infer<typeof deleteTeamResponse>;
export type TokenResponse = z.infer<typeof tokenResponse>;

/** Everything a member may see, as one JSON document: records (no tombstones, no one else's private notes). */
export const teamExport = z.object({
  format: z.literal('margin-export/1'),
  exportedAt: z.number(),
  team: teamInfo,
  members: z.array(teamMember),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type TeamExport = z.infer<typeof teamExport>;
