import { useEffect, useState } from 'react';
import { ROLES, type InviteResponse, type PendingInvite, type Role, type TeamExport } from '../../shared/api';
import { useMembers } from '../hooks/use-meta';
import { useAction } from '../hooks/use-action';
import type { Session } from '../lib/db';
import { formatDate } from '../ui/format';
import { inviteLink } from '../../shared/invite-link';
import { sendMessage } from '../lib/messaging';
import type { TeamAdminRequest } from '../background/team-admin';
import { datedName, downloadFile } from '../ui/download';
import { useT } from '../i18n/react';

/** A team action through the background (which holds the token), reported under the section. */
function useTeamAction() {
  const { run, busy, status } = useAction();
  return {
    run: <T,>(request: TeamAdminRequest, done?: string) =>
      run(() => sendMessage('teamAdmin', request) as Promise<T>, done),
    busy,
    status,
  };
}

/** The invites not used yet, each with Cancel (owners and admins): a code handed to the wrong person can be withdrawn. */
function PendingInvites({ refreshKey }: { refreshKey: unknown }) {
  const { t } = useT();
  const { run, busy, status } = useTeamAction();
  // undefined while loading; null when the list could not be read (the error is in `status`).
  const [invites, setInvites] = useState<PendingInvite[] | null | undefined>(undefined);
  const load = async () => setInvites(await run<PendingInvite[]>({ action: 'invites' }));
  // Reloaded when a new invite was made (refreshKey) and after a cancel, nothing else.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger; `load` is new each render
  useEffect(() => {
    void load();
  }, [refreshKey]);
  return (
    <div className="stack" data-testid="pending-invites">
      <h3 className="muted small" style={{ margin: 0 }}>
        {t('team.pendingTitle')}
      </h3>
      {invites === undefined ? (
        <p className="muted">{t('common.loading')}</p>
      ) : invites === null ? null : invites.length === 0 ? (
        <p className="muted">{t('team.pendingNone')}</p>
      ) : (
        <ul className="list">
          {invites.map((invite) => (
            <li key={invite.id} className="row">
              <span>
                {t('team.pendingLine', {
                  role: t(`role.${invite.role}`),
                  name: invite.createdByName,
                  date: formatDate(invite.expiresAt),
                })}
              </span>
              <button
                className="btn small"
                type="button"
                disabled={busy}
                onClick={async () => {
                  if (await run({ action: 'cancelInvite', inviteId: invite.id }, t('team.inviteCancelled')))
                    await load();
                }}
              >
                {t('team.cancelInvite')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {status}
    </div>
  );
}

/** Options → Team: members and roles (owners and admins), invites, and what every member can do for themselves. */
export function TeamAdmin({ session }: { session: Session }) {
  const { t } = useT();
  const members = useMembers();
  const { run, busy, status } = useTeamAction();
  const [invite, setInvite] = useState<InviteResponse | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirm, setConfirm] = useState('');
  const canManage = session.member.role === 'owner' || session.member.role === 'admin';
  const isOwner = session.member.role === 'owner';

  async function exportAll() {
    const data = await run<TeamExport>({ action: 'export' }, t('team.exported'));
    if (!data) return;
    downloadFile(datedName('margin-export', 'json'), JSON.stringify(data, null, 2), 'application/json');
  }

  return (
    <section className="card stack" aria-label={t('team.title')}>
      <h2 className="section-title">{t('team.title')}</h2>
      <ul className="list" data-testid="members">
        {(members?.list ?? []).map((m) => (
          <li key={m.id} className="row">
            <span className="name">{m.id === session.member.id ? t('team.memberYou', { name: m.name }) : m.name}</span>
            {canManage && m.id !== session.member.id && (isOwner || m.role !== 'owner') ? (
              <>
                <select
                  aria-label={t('team.roleOf', { name: m.name })}
                  value={m.role}
                  disabled={busy}
                  onChange={(e) => void run({ action: 'setRole', memberId: m.id, role: e.target.value as Role })}
                >
                  {ROLES.filter((r) => isOwner || r !== 'owner').map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
                <button
                  className="btn small"
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    window.confirm(t('team.confirmRemove', { name: m.name })) &&
                    void run({ action: 'revoke', memberId: m.id })
                  }
                >
                  {t('team.remove')}
                </button>
              </>
            ) : (
              <span className="muted">{t(`role.${m.role}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {canManage ? (
        <div className="row">
          <button
            className="btn"
            type="button"
            disabled={busy}
            onClick={async () => {
              setCopied(false);
              setInvite(await run<InviteResponse>({ action: 'invite', role: 'member' }));
            }}
          >
            {t('team.newCode')}
          </button>
          <button
            className="btn"
            type="button"
            disabled={busy}
            onClick={async () => {
              setCopied(false);
              setInvite(await run<InviteResponse>({ action: 'invite', role: 'admin' }));
            }}
          >
            {t('team.newAdminCode')}
          </button>
        </div>
      ) : null}
      {canManage ? <PendingInvites refreshKey={invite} /> : null}
      {invite ? (
        <div className="stack">
          <p data-testid="invite-code" style={{ margin: 0 }}>
            {t('team.code')} <strong className="code">{invite.code}</strong>{' '}
            {t('team.codeTerms', { role: t(`role.${invite.role}`), date: formatDate(invite.expiresAt) })}
          </p>
          <label className="field">
            {t('team.orLink')}
            <input
              readOnly
              value={inviteLink(session.serverUrl, invite.code)}
              data-testid="invite-link"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="row">
            <button
              className="btn small"
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(inviteLink(session.serverUrl, invite.code)).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? t('team.copied') : t('team.copyLink')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="row">
        <button className="btn" type="button" disabled={busy} onClick={() => void exportAll()}>
          {t('team.export')}
        </button>
        <button
          className="btn"
          type="button"
          disabled={busy}
          onClick={() => void run({ action: 'rotateToken' }, t('team.rotated'))}
        >
          {t('team.rotate')}
        </button>
        <button
          className="btn"
          type="button"
          disabled={busy}
          onClick={() => window.confirm(t('team.confirmLeave')) && void run({ action: 'leave' })}
        >
          {t('team.leave')}
        </button>
      </div>
      {isOwner ? (
        <details className="stack">
          <summary className="error">{t('team.delete')}</summary>
          <p className="muted">{t('team.deleteWarning', { team: session.team.name })}</p>
          <label className="field">
            {t('team.typeName')}
            <input value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </label>
          <div className="row">
            <button
              className="btn danger"
              type="button"
              disabled={busy || confirm !== session.team.name}
              onClick={() => void run({ action: 'deleteTeam', confirm })}
            >
              {t('team.delete')}
            </button>
          </div>
        </details>
      ) : null}
      {status}
    </section>
  );
}
