import { useState } from 'react';
import { ROLES, type InviteResponse, type Role, type TeamExport } from '../../shared/api';
import { useMembers } from '../hooks/use-meta';
import { useAction } from '../hooks/use-action';
import type { Session } from '../lib/db';
import { formatDate } from '../lib/format';
import { inviteLink } from '../../shared/invite-link';
import { sendMessage } from '../lib/messaging';
import type { TeamAdminRequest } from '../lib/team-admin';
import { datedName, downloadFile } from '../lib/download';

/** A team action through the background (which holds the token), reported under the section. */
function useTeamAction() {
  const { run, busy, status } = useAction();
  return { run: <T,>(request: TeamAdminRequest, done?: string) => run(() => sendMessage('teamAdmin', request) as Promise<T>, done), busy, status };
}

/** Options → Team: members and roles (owners and admins), invites, and what every member can do for themselves. */
export function TeamAdmin({ session }: { session: Session }) {
  const members = useMembers();
  const { run, busy, status } = useTeamAction();
  const [invite, setInvite] = useState<InviteResponse | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirm, setConfirm] = useState('');
  const canManage = session.member.role === 'owner' || session.member.role === 'admin';
  const isOwner = session.member.role === 'owner';

  async function exportAll() {
    const data = await run<TeamExport>({ action: 'export' }, 'Exported everything you can see.');
    if (!data) return;
    downloadFile(datedName('margin-export', 'json'), JSON.stringify(data, null, 2), 'application/json');
  }

  return (
    <section className="card stack" aria-label="Team">
      <h2 className="section-title">Team</h2>
      <ul className="list" data-testid="members">
        {(members?.list ?? []).map((m) => (
          <li key={m.id} className="row">
            <span className="name">{m.name}{m.id === session.member.id ? ' (you)' : ''}</span>
            {canManage && m.id !== session.member.id && (isOwner || m.role !== 'owner') ? (
              <>
                <select aria-label={`Role of ${m.name}`} value={m.role} disabled={busy} onChange={(e) => void run({ action: 'setRole', memberId: m.id, role: e.target.value as Role })}>
                  {ROLES.filter((r) => isOwner || r !== 'owner').map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
                <button className="btn small" type="button" disabled={busy} onClick={() => window.confirm(`Remove ${m.name} from the team? Their sign-in stops working at once; their notes stay.`) && void run({ action: 'revoke', memberId: m.id })}>Remove</button>
              </>
            ) : <span className="muted">{m.role}</span>}
          </li>
        ))}
      </ul>
      {canManage ? (
        <div className="row">
          <button className="btn" type="button" disabled={busy} onClick={async () => { setCopied(false); setInvite(await run<InviteResponse>({ action: 'invite', role: 'member' })); }}>New sign-in code</button>
          <button className="btn" type="button" disabled={busy} onClick={async () => { setCopied(false); setInvite(await run<InviteResponse>({ action: 'invite', role: 'admin' })); }}>New admin code</button>
        </div>
      ) : null}
      {invite ? (
        <div className="stack">
          <p data-testid="invite-code" style={{ margin: 0 }}>Sign-in code <strong className="code">{invite.code}</strong> ({invite.role}; works once, until {formatDate(invite.expiresAt)}).</p>
          <label className="field">Or send this invite link
            <input readOnly value={inviteLink(session.serverUrl, invite.code)} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="row"><button className="btn small" type="button" onClick={() => void navigator.clipboard.writeText(inviteLink(session.serverUrl, invite.code)).then(() => setCopied(true), () => setCopied(false))}>{copied ? 'Copied' : 'Copy link'}</button></div>
        </div>
      ) : null}
      <div className="row">
        <button className="btn" type="button" disabled={busy} onClick={() => void exportAll()}>Export everything I can see (JSON)</button>
        <button className="btn" type="button" disabled={busy} onClick={() => void run({ action: 'rotateToken' }, 'Your sign-in token was replaced; the old one no longer works.')}>Replace my sign-in token</button>
        <button className="btn" type="button" disabled={busy} onClick={() => window.confirm('Leave this team? Margin forgets its data in this browser.') && void run({ action: 'leave' })}>Leave the team</button>
      </div>
      {isOwner ? (
        <details className="stack">
          <summary className="error">Delete the team</summary>
          <p className="muted">Removes every record, note and member of “{session.team.name}” from the server. This cannot be undone; export first.</p>
          <label className="field">Type the team’s name to confirm<input value={confirm} onChange={(e) => setConfirm(e.target.value)} /></label>
          <div className="row"><button className="btn danger" type="button" disabled={busy || confirm !== session.team.name} onClick={() => void run({ action: 'deleteTeam', confirm })}>Delete the team</button></div>
        </details>
      ) : null}
      {status}
    </section>
  );
}
