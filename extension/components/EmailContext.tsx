import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { PageContext } from '../../shared/page-context';
import type { Account } from '../../shared/records';
import { useMeta } from '../hooks/use-meta';
import { errorMessage } from '../ui/actions';
import { getDb, type Session } from '../lib/db';
import { loggedEmail, logEmail } from '../ui/email-capture';
import { emailContextGroups, type ThreadGroup, type ThreadPerson } from '../lib/email-context';
import { peopleKey, preloadedGroups } from '../ui/panel-preload';
import { formatDate, formatRelative } from '../ui/format';
import { sendMessage } from '../lib/messaging';
import type { TabContext } from '../lib/tab-context';
import { CaptureContactForm } from './CaptureContactForm';
import { PromptList, type PromptHandlers } from './PromptList';
import { emailPrompts } from '../lib/prompt-data';
import { Activity, AddInPlace } from './Activity';
import { useT, type I18n } from '../i18n/react';
import { bestEffort } from '../lib/best-effort';
import { ErrorLine } from './ErrorLine';
import { AccountDeals } from './AccountDeals';

const SITE_NAMES: Record<PageContext['site'], string> = { gmail: 'Gmail', outlook: 'Outlook', page: 'Margin' };

function useMemberName(session: Session, t: I18n['t']) {
  const members = useMeta('members');
  return (id: string | null | undefined) => {
    if (!id) return null;
    if (id === session.member.id) return t('email.you');
    return members?.list.find((m) => m.id === id)?.name ?? t('email.teammate');
  };
}

function PersonRow(props: {
  entry: ThreadPerson;
  group: ThreadGroup;
  focused: boolean;
  captureAsked: number;
  tab: TabContext;
  session: Session;
  onOpenContact: (id: string) => void;
}) {
  const { person, contact } = props.entry;
  const [capturing, setCapturing] = useState(props.focused && !contact && props.group.kind !== 'team');
  const [message, setMessage] = useState<string | null>(null);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (props.focused) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [props.focused]);
  useEffect(() => {
    // "Add contact" from a prompt.
    if (props.captureAsked && !contact) {
      setCapturing(true);
      ref.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [props.captureAsked, contact]);
  const { t } = useT();
  const shownName = contact?.name ?? (person.name || person.email);
  return (
    <li
      ref={ref}
      className={`person${props.focused ? ' focused' : ''}`}
      data-person={person.email}
      data-known={contact ? 'yes' : 'no'}
    >
      <div className="row">
        {contact ? (
          <button type="button" className="btn link name" onClick={() => props.onOpenContact(contact.id)}>
            {shownName}
          </button>
        ) : (
          <span className="name">{shownName}</span>
        )}
        <span className="badge">{t(`email.role.${person.role}`)}</span>
      </div>
      <div className="muted">{[contact?.title, person.email].filter(Boolean).join(' · ')}</div>
      {message ? (
        <p className="ok" role="status">
          {message}
        </p>
      ) : null}
      {props.group.kind === 'team' ? null : contact ? (
        <>
          <Activity subjectIds={[contact.id]} label={t('email.activityOf', { name: contact.name })} />
          <AddInPlace subjectId={contact.id} name={contact.name} />
        </>
      ) : capturing ? (
        <CaptureContactForm
          person={person}
          tabId={props.tab.tabId}
          session={props.session}
          onCancel={() => setCapturing(false)}
          onDone={(m) => {
            setCapturing(false);
            setMessage(m);
          }}
        />
      ) : (
        <div className="row">
          <span className="muted">{t('email.notInMargin')}</span>
          <button
            className="btn small"
            type="button"
            onClick={() => setCapturing(true)}
            aria-label={t('email.addContactFor', { name: shownName })}
          >
            {t('email.addContact')}
          </button>
        </div>
      )}
    </li>
  );
}

function GroupHeader({
  group,
  session,
  subject,
  onOpenAccount,
}: {
  group: ThreadGroup;
  session: Session;
  subject: string | undefined;
  onOpenAccount: (id: string) => void;
}) {
  const { t } = useT();
  const memberName = useMemberName(session, t);
  if (group.kind === 'account' && group.account) {
    const a: Account = group.account;
    const owner = memberName(a.ownerId);
    return (
      <div className="stack">
        <div className="row">
          <span className={`tier ${a.tier}`} title={t('account.tier', { tier: a.tier })}>
            {a.tier}
          </span>
          <button type="button" className="btn link group-name" onClick={() => onOpenAccount(a.id)}>
            {a.name}
          </button>
        </div>
        <div className="muted">
          {[
            a.kind ? t(`kind.${a.kind}`) : null,
            owner ? t('email.owner', { name: owner }) : t('email.noOwner'),
            ...a.domains,
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
        <AccountDeals
          account={a}
          session={session}
          prefill={{
            name: subject?.trim() ? `${a.name}: ${subject.trim()}`.slice(0, 200) : a.name,
            contacts: group.people.flatMap((p) =>
              p.contact ? [{ contactId: p.contact.id, role: 'other' as const }] : [],
            ),
            source: t('deal.fromEmail'),
          }}
        />
        <Activity subjectIds={[a.id]} withAccountPeople label={t('email.activityOf', { name: a.name })} />
        <AddInPlace subjectId={a.id} name={a.name} />
      </div>
    );
  }
  if (group.kind === 'domain')
    return (
      <div className="row">
        <strong>{group.domain}</strong>
        <span className="muted">{t('email.noAccount')}</span>
      </div>
    );
  if (group.kind === 'personal') return <strong>{t('email.personal')}</strong>;
  return <strong>{t('email.yourTeam')}</strong>;
}

async function logOpenEmail(tab: TabContext, session: Session, includeText: boolean, t: I18n['t']) {
  const context = tab.context;
  const from = context.people.find((p) => p.role === 'from' && !p.self) ?? context.people.find((p) => !p.self);
  const text =
    includeText && from
      ? await bestEffort('tab.message-text', sendMessage('pageMessageText', { email: from.email }, tab.tabId), null)
      : null;
  if (includeText && !text) throw new Error(t('email.textUnreadable'));
  await logEmail(getDb(), context, { text }, { teamId: session.team.id, memberId: session.member.id, now: Date.now() });
  void bestEffort('tab.refresh', sendMessage('pageRefresh', undefined, tab.tabId));
}

function LogEmail({ tab, session }: { tab: TabContext; session: Session }) {
  const context = tab.context;
  const key = JSON.stringify([context.site, context.messageId, context.threadId, context.link, context.url]);
  const logged = useLiveQuery(
    async () => (await loggedEmail(getDb(), session.team.id, context)) ?? null,
    [key, session.team.id],
  );
  const { t } = useT();
  const [includeText, setIncludeText] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (context.compose) return null;
  if (logged)
    return (
      <p className="ok" data-testid="email-logged">
        {t(logged.capturedText ? 'email.loggedWithText' : 'email.logged', { when: formatRelative(logged.updatedAt) })}
      </p>
    );
  async function log() {
    setBusy(true);
    setError(null);
    try {
      await logOpenEmail(tab, session, includeText, t);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <div className="row">
        <button
          className="btn primary"
          type="button"
          disabled={busy || logged === undefined}
          onClick={() => void log()}
        >
          {busy ? t('email.logging') : t('email.log')}
        </button>
        <label className="row muted">
          <input type="checkbox" checked={includeText} onChange={(e) => setIncludeText(e.target.checked)} />{' '}
          {t('email.includeText')}
        </label>
      </div>
      <ErrorLine message={error} />
    </div>
  );
}

/**
 * The open email's people by customer. The background answers first (its database is open and
 * its index in memory: a few milliseconds, where this page's first read waits for its own
 * connection); the page's live query then takes over and follows every change.
 */
function useEmailGroups(context: PageContext, key: string): ThreadGroup[] | undefined {
  const [first, setFirst] = useState<{ key: string; groups: ThreadGroup[] } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the people on the email
  useEffect(() => {
    let alive = true;
    const asked = preloadedGroups(key) ?? sendMessage('emailContext', context);
    void bestEffort('email.first-groups', asked, null).then((groups) => alive && groups && setFirst({ key, groups }));
    return () => {
      alive = false;
    };
  }, [key]);
  const live = useLiveQuery(() => emailContextGroups(getDb(), context), [key]);
  return live ?? (first?.key === key ? first.groups : undefined);
}

/** The side panel's view of the open email: everyone on it, grouped by account, with what the team knows. */
export function EmailContextView(props: {
  tab: TabContext;
  session: Session;
  onOpenContact: (id: string) => void;
  onOpenAccount: (id: string) => void;
}) {
  const { t } = useT();
  const { context } = props.tab;
  const key = peopleKey(context);
  const groups = useEmailGroups(context, key);
  const customers = (groups ?? []).filter((g) => g.kind !== 'team');
  const logKey = JSON.stringify([context.site, context.messageId, context.threadId, context.link, context.url]);
  const prompts = useLiveQuery(async () => {
    const logged = context.compose ? true : !!(await loggedEmail(getDb(), props.session.team.id, context));
    return emailPrompts(getDb(), context, props.session.member.id, { subject: context.subject, logged });
  }, [key, logKey, props.session.member.id]);
  const [captureAsked, setCaptureAsked] = useState<{ email: string; at: number } | null>(null);
  const [promptError, setPromptError] = useState<string | null>(null);
  const handlers: PromptHandlers = {
    'log-email': () =>
      void logOpenEmail(props.tab, props.session, false, t).catch((err: unknown) => setPromptError(errorMessage(err))),
    'add-contact': (p) => setCaptureAsked({ email: p.key.slice('unknown-sender:'.length), at: Date.now() }),
    review: (p) => props.onOpenAccount(p.subjectId),
  };
  return (
    <section className="stack" aria-label={t('tabs.email')} data-testid="email-context">
      <div className="card stack">
        <div className="muted">
          {t(context.compose ? 'email.writingIn' : 'email.openIn', { site: SITE_NAMES[context.site] })}
          {context.sentAt ? ` · ${formatDate(context.sentAt)}` : ''}
        </div>
        <strong className="subject">{context.subject || t('email.noSubject')}</strong>
        <LogEmail tab={props.tab} session={props.session} />
      </div>
      <section className="stack" aria-label={t('email.nextSteps')}>
        <PromptList prompts={prompts} session={props.session} handlers={handlers} label={t('email.nextSteps')} />
        <ErrorLine message={promptError} />
      </section>
      {groups === undefined ? (
        <p className="muted" role="status">
          {t('email.loadingPeople')}
        </p>
      ) : null}
      {groups && customers.length === 0 ? <p className="empty">{t('email.allTeam')}</p> : null}
      {groups?.map((group) => (
        <section
          key={group.key}
          className={`card stack group ${group.kind}`}
          aria-label={
            group.account?.name ?? group.domain ?? t(group.kind === 'team' ? 'email.yourTeam' : 'email.personal')
          }
        >
          <GroupHeader
            group={group}
            session={props.session}
            subject={context.subject}
            onOpenAccount={props.onOpenAccount}
          />
          <ul className="list people">
            {group.people.map((entry) => (
              <PersonRow
                key={entry.person.email}
                entry={entry}
                group={group}
                focused={props.tab.focus === entry.person.email}
                captureAsked={captureAsked?.email === entry.person.email ? captureAsked.at : 0}
                tab={props.tab}
                session={props.session}
                onOpenContact={props.onOpenContact}
              />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
