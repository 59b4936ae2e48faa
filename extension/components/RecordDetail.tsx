import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import type { Account, Contact } from '../../shared/records';
import { getDb } from '../lib/db';
import { formatDate } from '../ui/format';
import { NoteComposer } from './forms';
import { NoteItem } from './NoteItem';
import { Interactions, TaskItem } from './Activity';
import { PlanVisit } from './Visit';
import { CareDates, KeyAccount } from './KeyAccount';
import { PromptList } from './PromptList';
import { accountPrompts } from '../lib/prompt-data';
import type { Session } from '../lib/db';
import { useMeta } from '../hooks/use-meta';
import { AccountDeals } from './AccountDeals';

function Notes({ subjectId, focusNote = false }: { subjectId: string; focusNote?: boolean }) {
  const { t } = useT();
  const notes = useLiveQuery(
    async () =>
      (
        await getDb()
          .notes.where('subjectId')
          .equals(subjectId)
          .filter((n) => !n.deleted)
          .toArray()
      ).sort((a, b) => b.createdAt - a.createdAt),
    [subjectId],
  );
  return (
    <section className="stack" aria-label={t('search.notes')}>
      <h3>{t('search.notes')}</h3>
      <NoteComposer subjectId={subjectId} autoFocus={focusNote} />
      {notes === undefined ? <p className="muted">{t('notes.loading')}</p> : null}
      {notes?.length === 0 ? <p className="muted">{t('notes.none')}</p> : null}
      <ul className="list" data-testid="notes">
        {notes?.map((n) => (
          <NoteItem key={n.id} note={n} />
        ))}
      </ul>
    </section>
  );
}

function AccountPrompts({
  account,
  session,
  onOpenVisit,
}: {
  account: Account;
  session: Session;
  onOpenVisit: (taskId: string) => void;
}) {
  const { t } = useT();
  const prompts = useLiveQuery(
    () => accountPrompts(getDb(), account.id, session.member.id),
    [account, session.member.id],
  );
  return (
    <PromptList
      prompts={prompts}
      session={session}
      label={t('account.nextStepsFor', { name: account.name })}
      handlers={{ 'open-visit': (p) => onOpenVisit(p.subjectId) }}
    />
  );
}

export function AccountDetail({
  account,
  onOpenContact,
  onOpenVisit,
  reviewOpen = false,
  focusNote = false,
}: {
  account: Account;
  onOpenContact: (id: string) => void;
  onOpenVisit: (taskId: string) => void;
  reviewOpen?: boolean;
  focusNote?: boolean;
}) {
  const { t } = useT();
  const session = useMeta('session');
  const people = useLiveQuery(
    () =>
      getDb()
        .contacts.where('accountId')
        .equals(account.id)
        .filter((c) => !c.deleted)
        .toArray(),
    [account.id],
    [],
  );
  const open = useLiveQuery(
    () =>
      getDb()
        .tasks.where('subjectId')
        .equals(account.id)
        .filter((t) => !t.done && !t.deleted)
        .toArray(),
    [account.id],
    [],
  );
  const tasks = open.filter((t) => t.kind !== 'visit');
  const visits = open.filter((t) => t.kind === 'visit');
  return (
    <article className="stack" aria-label={t('account.label', { name: account.name })}>
      <div className="row">
        <span className={`tier ${account.tier}`} title={t('account.tier', { tier: account.tier })}>
          {account.tier}
        </span>
        <h2 style={{ margin: 0, fontSize: 17 }}>{account.name}</h2>
      </div>
      <div className="muted">
        {[account.kind ? t(`kind.${account.kind}`) : null, ...account.domains].filter(Boolean).join(' · ') ||
          t('account.noDomains')}
      </div>
      {session ? <AccountPrompts account={account} session={session} onOpenVisit={onOpenVisit} /> : null}
      {tasks.length ? (
        <section className="stack" aria-label={t('activity.openSteps')}>
          <h3>{t('activity.openSteps')}</h3>
          <ul className="list">
            {tasks.map((t) => (
              <TaskItem key={t.id} task={t} />
            ))}
          </ul>
        </section>
      ) : null}
      <section className="stack" aria-label={t('account.visits')}>
        {visits.map((v) => (
          <button key={v.id} type="button" className="btn link" onClick={() => onOpenVisit(v.id)}>
            {t(v.dueAt ? 'account.visitOn' : 'account.visit', {
              date: v.dueAt ? formatDate(v.dueAt) : '',
              title: v.title,
              count: v.stepsDone.length,
            })}
          </button>
        ))}
        {session ? (
          <div className="row">
            <PlanVisit account={account} session={session} />
          </div>
        ) : null}
      </section>
      <section className="stack" aria-label={t('search.people')}>
        <h3>{t('search.people')}</h3>
        {people.length === 0 ? <p className="muted">{t('account.noPeople')}</p> : null}
        <ul className="list">
          {people.map((c) => (
            <li key={c.id}>
              <button type="button" className="item" onClick={() => onOpenContact(c.id)}>
                <span className="name">{c.name}</span>
                <span className="muted">{c.title}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {session ? <AccountDeals account={account} session={session} closed /> : null}
      {session ? <KeyAccount account={account} session={session} reviewOpen={reviewOpen} /> : null}
      <Notes subjectId={account.id} focusNote={focusNote} />
      <Interactions subjectId={account.id} />
    </article>
  );
}

export function ContactDetail({
  contact,
  onOpenAccount,
  focusNote = false,
}: {
  contact: Contact;
  onOpenAccount: (id: string) => void;
  focusNote?: boolean;
}) {
  const { t } = useT();
  const account = useLiveQuery(
    () => (contact.accountId ? getDb().accounts.get(contact.accountId) : undefined),
    [contact.accountId],
  );
  return (
    <article className="stack" aria-label={t('contact.label', { name: contact.name })}>
      <h2 style={{ margin: 0, fontSize: 17 }}>{contact.name}</h2>
      <div className="muted">{[contact.title, ...contact.emails, ...contact.phones].filter(Boolean).join(' · ')}</div>
      {account ? (
        <button type="button" className="btn link" onClick={() => onOpenAccount(account.id)}>
          <span className={`tier ${account.tier}`}>{account.tier}</span> {account.name}
        </button>
      ) : null}
      <details className="card stack section">
        <summary>
          <strong>{t('contact.careDates')}</strong>
        </summary>
        <CareDates record={contact} />
      </details>
      <Notes subjectId={contact.id} focusNote={focusNote} />
      <Interactions subjectId={contact.id} />
    </article>
  );
}
