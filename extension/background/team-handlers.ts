import { MessageError } from '../i18n/errors';
import { bestEffort } from '../lib/best-effort';
import { forgetTabRecognitions } from '../lib/tab-context';
import type { Background } from './context';
import type { Handlers } from './router';
import { teamApi } from './api-client';
import { signIn, signOut } from './session';
import { teamAdminRequest } from './team-admin';

/** Signing in and out, and Options → Team (invites, roles, revocation, leaving, token rotation, export, deletion). */
export function teamHandlers(bg: Background): Pick<Handlers, 'signIn' | 'signOut' | 'teamAdmin'> {
  const { db, scheduler } = bg;
  /** After the cache changed owner or was emptied: what tabs were recognised as belongs to the old team. */
  const afterForget = () => {
    void bestEffort('session.forget-tabs', forgetTabRecognitions());
    bg.badge.refresh(0);
  };
  return {
    async signIn(data) {
      const before = await db.getMeta('cacheOwner');
      const session = await signIn(db, data);
      if (!before || before.teamId !== session.team.id || before.serverUrl !== session.serverUrl) afterForget();
      scheduler.soon(0);
      void bestEffort('members', bg.refreshMembers(true));
      return session;
    },
    async signOut() {
      await signOut(db, { forgetData: false });
      bg.badge.refresh(0);
    },
    async teamAdmin(data) {
      const request = teamAdminRequest.parse(data);
      const [session, token] = await Promise.all([db.getMeta('session'), db.getMeta('token')]);
      if (!session || !token) throw new MessageError('error.signInFirst');
      const api = teamApi(session.serverUrl, token);
      switch (request.action) {
        case 'invite':
          return api.invite(request.role);
        case 'invites':
          return api.invites();
        case 'cancelInvite':
          await api.cancelInvite(request.inviteId);
          return { cancelled: true };
        case 'setRole': {
          const result = await api.setRole(request.memberId, request.role);
          await bg.refreshMembers(true);
          if (request.memberId === session.member.id)
            await db.setMeta('session', { ...session, member: { ...session.member, role: request.role } });
          return result;
        }
        case 'revoke':
          await api.revoke(request.memberId);
          await bg.refreshMembers(true);
          return { revoked: true };
        case 'rotateToken':
          await db.setMeta('token', await api.rotate());
          return { rotated: true };
        case 'export':
          return api.exportAll();
        case 'leave': {
          // Changes not yet sent would be lost with the membership: send them first.
          await scheduler.syncNow();
          if ((await db.outbox.count()) > 0) throw new MessageError('error.leaveUnsynced');
          await api.leave();
          await signOut(db, { forgetData: true });
          afterForget();
          return { left: true };
        }
        case 'deleteTeam': {
          await api.deleteTeam(request.confirm);
          await signOut(db, { forgetData: true });
          afterForget();
          return { deleted: true };
        }
      }
    },
  };
}
