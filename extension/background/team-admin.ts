import { z } from 'zod';
import { role } from '../../shared/api';
import { recordId } from '../../shared/records';

/** What the options page may ask the background to do for the team (validated there). */
export const teamAdminRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('invite'), role: z.enum(['admin', 'member']) }),
  z.object({ action: z.literal('invites') }),
  z.object({ action: z.literal('cancelInvite'), inviteId: z.string().regex(/^[0-9a-f]{32}$/) }),
  z.object({ action: z.literal('setRole'), memberId: recordId, role }),
  z.object({ action: z.literal('revoke'), memberId: recordId }),
  z.object({ action: z.literal('leave') }),
  z.object({ action: z.literal('rotateToken') }),
  z.object({ action: z.literal('export') }),
  z.object({ action: z.literal('deleteTeam'), confirm: z.string().max(200) }),
]);
export type TeamAdminRequest = z.infer<typeof teamAdminRequest>;
