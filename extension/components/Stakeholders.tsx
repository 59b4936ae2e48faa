import { useLiveQuery } from 'dexie-react-hooks';
import { stakeholders } from '../../shared/portfolio/stakeholders';
import type { Account } from '../../shared/records';
import { useMembers } from '../hooks/use-meta';
import { useT } from '../i18n/react';
import { getDb, type Session } from '../lib/db';
import { formatRelative } from '../ui/format';

/**
 * The account's buying side: its people with their role in buying (from its deals), who on our
 * team knows each best and when we last spoke; a warning when a key account hangs on one person.
 */
export function Stakeholders({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const members = useMembers();
  const map = useLiveQuery(async () => {
    const db = getDb();
    const contacts = await db.contacts.where('accountId').equals(account.id).toArray();
    const ids = [account.id, ...contacts.map((c) => c.id)];
    const [interactions, deals] = await Promise.all([
      db.interactions.where('subjectIds').anyOf(ids).distinct().toArray(),
      db.deals.where('accountId').equals(account.id).toArray(),
    ]);
    return stakeholders(account.id, contacts, interactions, deals, Date.now());
  }, [account.id]);
  if (!map) return <p className="muted">{t('common.loading')}</p>;
  const memberName = (id: string | null) =>
    id === null
      ? t('ka.nobody')
      : id === session.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === id)?.name ?? t('email.teammate'));
  const single = map.singleThreaded;
  return (
    <div className="stack" data-testid="stakeholders">
      {single && (single.theirs || single.ours) && account.tier === 'A' ? (
        <p className="warn" role="note">
          {[
            single.theirs ? (map.theirs === 1 ? t('stakeholders.singleTheirs') : t('stakeholders.nobodyTheirs')) : null,
            single.ours ? t('stakeholders.singleOurs', { name: memberName(map.ours[0] ?? null) }) : null,
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      ) : null}
      {map.people.length === 0 ? <p className="empty">{t('stakeholders.none')}</p> : null}
      <ul className="stack-tight">
        {map.people.map((p) => (
          <li key={p.contactId}>
            <strong>{p.name}</strong>
            {p.title ? <span className="muted"> · {p.title}</span> : null}
            {p.roles.length ? <span> · {p.roles.map((r) => t(`dealRole.${r}`)).join(', ')}</span> : null}
            <div className="muted small">
              {p.knownBestBy
                ? t('stakeholders.knownBest', { name: memberName(p.knownBestBy), count: p.interactions })
                : t('stakeholders.notYet')}
              {p.lastSpokeAt !== null
                ? ` · ${t('stakeholders.lastSpoke', { when: formatRelative(p.lastSpokeAt), name: memberName(p.lastSpokeBy) })}`
                : ''}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
