import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useEffect, useState } from 'react';
import { scoreAccount } from '../../shared/scorecard';
import type { Account, Contact, Interaction, Note, Task } from '../../shared/records';
import { useAction } from '../hooks/use-action';
import { useMembers } from '../hooks/use-meta';
import { accountHistory, filterTimeline, type TimelineItem, type TimelineKind } from '../ui/account-timeline';
import { getDb, type Session } from '../lib/db';
import { formatDate, formatRelative, safeHref } from '../ui/format';
import { sendMessage } from '../lib/messaging';
import {
  accountDraftFromPage,
  addDomainToAccount,
  createAccountFromPage,
  noteFromPage,
  searchAccounts,
} from '../ui/page-capture';
import { pageCompanyDomain } from '../lib/page-recognition';
import { requestSite, siteOrigin } from '../lib/site-access';
import { setPendingCapture, type PendingCapture, type TabContext } from '../lib/tab-context';
import { teamSettings } from '../lib/team-settings';
import { TaskItem } from './Activity';
import { CaptureContactForm } from './CaptureContactForm';
import { Form } from './forms';
import { bestEffort } from '../lib/best-effort';
import { AccountDeals } from './AccountDeals';

export interface WebTab {
  id: number;
  url: string;
  title: string;
  /** A capture the rep started from the context menu on this tab. */
  capture?: PendingCapture;
}

const sameDocument = (a: string, b: string) => a.split('#')[0] === b.split('#')[0];

/** The tab's page was read (the context belongs to the page now open in it). */
export function pageWasRead(tab: WebTab, entry: TabContext | null | undefined): entry is TabContext {
  return !!entry && entry.tabId === tab.id && entry.context.site === 'page' && sameDocument(entry.context.url, tab.url);
}

/**
 * Side panel → This page: whom the page in the active tab is about (issue 5). The account's card,
 * its whole history, its people; the team's contacts named on the page; and capture from the page.
 */
export function ResearchView(props: {
  tab: WebTab;
  entry: TabContext | null | undefined;
  session: Session;
  onOpenContact: (id: string) => void;
  onOpenAccount: (id: string) => void;
}) {
  const { t } = useT();
  const { tab, entry, session } = props;
  const read = pageWasRead(tab, entry);
  const capture = tab.capture;
  const [chosen, setChosen] = useState<string | null>(null);
  const accountIds = read ? (entry.recognition?.accounts.map((a) => a.id) ?? []) : [];
  const accountId = chosen && accountIds.includes(chosen) ? chosen : accountIds[0];
  const refresh = () => void bestEffort('tab.refresh', sendMessage('pageRefresh', undefined, tab.id));

  return (
    <section className="stack" aria-label={t('tabs.page')}>
      <div className="muted small" title={tab.url}>
        {tab.title || tab.url}
      </div>
      {capture ? (
        <PendingCaptureForm
          capture={capture}
          tab={tab}
          accountId={accountId}
          session={session}
          onDone={() => void setPendingCapture(tab.id, null).then(refresh)}
        />
      ) : null}
      {!read ? (
        <SiteAccess tab={tab} />
      ) : (
        <>
          {accountIds.length > 1 ? (
            <section className="row small" aria-label={t('research.matchesLabel')}>
              <span className="muted">{t('research.matches')}</span>
              {entry.recognition!.accounts.map((a) => (
                <AccountChoiceButton
                  key={a.id}
                  id={a.id}
                  selected={a.id === accountId}
                  onSelect={() => setChosen(a.id)}
                />
              ))}
            </section>
          ) : null}
          {accountId ? (
            <ResearchAccount
              accountId={accountId}
              via={entry.recognition!.accounts.find((a) => a.id === accountId)!.via}
              session={session}
              page={{ title: tab.title, url: tab.url }}
              onOpenContact={props.onOpenContact}
              onOpenAccount={props.onOpenAccount}
            />
          ) : (
            <UnknownPage entry={entry} onSaved={refresh} />
          )}
          <PeopleOnPage
            entry={entry}
            tab={tab}
            session={session}
            onOpenContact={props.onOpenContact}
            onSaved={refresh}
          />
          <NoteFromSelection tab={tab} accountId={accountId} onSaved={refresh} />
        </>
      )}
    </section>
  );
}

function AccountChoiceButton({ id, selected, onSelect }: { id: string; selected: boolean; onSelect: () => void }) {
  const account = useLiveQuery(() => getDb().accounts.get(id), [id]);
  if (!account) return null;
  return (
    <button type="button" className="btn small" aria-pressed={selected} onClick={onSelect}>
      {account.name}
    </button>
  );
}

/** The page has not been read: Margin has no grant for this site. Offer a one-off read (activeTab) and a grant. */
function SiteAccess({ tab }: { tab: WebTab }) {
  const { t } = useT();
  const { run, busy, status } = useAction();
  const [tried, setTried] = useState(false);
  const web = !!siteOrigin(tab.url);
  const host = web ? new URL(tab.url).hostname : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the tab navigating (a new url) is a new page to read
  useEffect(() => {
    // Margin was just invoked on this tab (toolbar button, menu, shortcut): activeTab lets it read the page once.
    if (!web) return;
    let alive = true;
    void bestEffort('tab.read', sendMessage('readTab', { tabId: tab.id })).finally(() => alive && setTried(true));
    return () => {
      alive = false;
    };
  }, [tab.id, tab.url, web]);

  if (!web) return <p className="empty">{t('research.openPage')}</p>;
  if (!tried)
    return (
      <p className="muted" role="status">
        {t('research.reading')}
      </p>
    );
  return (
    <div className="card stack" data-testid="site-access">
      <strong>{t('research.notReading', { host })}</strong>
      <p className="muted small">{t('research.onlyAllowed')}</p>
      <div className="row">
        <button
          className="btn primary"
          type="button"
          disabled={busy}
          onClick={() =>
            // Chrome asks the rep; the request must be made in the click itself.
            void run(
              async () => {
                const granted = await requestSite(tab.url);
                if (!granted) throw new Error(t('research.refused', { host }));
                await sendMessage('readTab', { tabId: tab.id });
              },
              t('research.nowReads', { host }),
            )
          }
        >
          {t('research.enable')}
        </button>
        <button
          className="btn"
          type="button"
          disabled={busy}
          onClick={() => void run(() => sendMessage('readTab', { tabId: tab.id }))}
        >
          {t('research.readOnce')}
        </button>
      </div>
      <p className="muted small">{t('research.readOnceHelp')}</p>
      {status}
    </div>
  );
}

const VIA_TEXT = { domain: 'research.via.domain', name: 'research.via.name', contact: 'research.via.contact' } as const;
const KIND_TEXT = {
  interaction: 'activity.interactions',
  note: 'search.notes',
  task: 'research.tasks',
} as const satisfies Record<TimelineKind, string>;

function ResearchAccount({
  accountId,
  via,
  session,
  page,
  onOpenContact,
  onOpenAccount,
}: {
  accountId: string;
  via: keyof typeof VIA_TEXT;
  session: Session;
  page: { title: string; url: string };
  onOpenContact: (id: string) => void;
  onOpenAccount: (id: string) => void;
}) {
  const { t } = useT();
  const members = useMembers();
  const data = useLiveQuery(async () => {
    const db = getDb();
    const [account, history, settings] = await Promise.all([
      db.accounts.get(accountId),
      accountHistory(db, accountId),
      teamSettings(db),
    ]);
    return account && !account.deleted
      ? { account, history, score: settings ? scoreAccount(account.scores, settings.scorecard).composite : null }
      : null;
  }, [accountId]);
  const [kind, setKind] = useState<TimelineKind | 'all'>('all');
  const [personId, setPersonId] = useState<string>('all');
  if (data === undefined)
    return (
      <p className="muted" role="status">
        {t('research.loadingAccount')}
      </p>
    );
  if (data === null) return <p className="empty">{t('research.deleted')}</p>;
  const { account, history, score } = data;
  const owner = account.ownerId
    ? (members?.list.find((m) => m.id === account.ownerId)?.name ?? t('research.formerMember'))
    : null;
  const shown = filterTimeline(history.items, { kind, personId });
  const people = new Map(history.people.map((p) => [p.id, p]));
  return (
    <article className="stack" aria-label={t('research.label', { name: account.name })} data-testid="research-account">
      <div className="card stack">
        <div className="row">
          <span className={`tier ${account.tier}`} title={t('account.tier', { tier: account.tier })}>
            {account.tier}
          </span>
          <button type="button" className="btn link group-name" onClick={() => onOpenAccount(account.id)}>
            {account.name}
          </button>
        </div>
        <dl className="facts small">
          {account.kind ? (
            <>
              <dt>{t('forms.kind')}</dt>
              <dd>{t(`kind.${account.kind}`)}</dd>
            </>
          ) : null}
          <dt>{t('research.owner')}</dt>
          <dd>{owner ?? t('research.nobody')}</dd>
          <dt>{t('research.score')}</dt>
          <dd>{score === null ? t('research.notScored') : t('research.scoreValue', { score: score.toFixed(1) })}</dd>
          <dt>{t('research.domains')}</dt>
          <dd>{account.domains.join(', ') || t('research.none')}</dd>
        </dl>
        {account.description ? (
          <p className="small" style={{ margin: 0 }}>
            {account.description}
          </p>
        ) : null}
        <p className="muted small" style={{ margin: 0 }}>
          {t('research.whose', { name: account.name, via: t(VIA_TEXT[via]) })}
        </p>
      </div>

      <AccountDeals
        account={account}
        session={session}
        prefill={{
          name: page.title.trim() ? `${account.name}: ${page.title.trim()}`.slice(0, 200) : account.name,
          source: t('deal.fromPage', { site: siteOrigin(page.url) ? new URL(page.url).hostname : page.url }),
        }}
      />

      <section className="stack" aria-label={t('activity.openSteps')}>
        <h3 className="section-title">{t('activity.openSteps')}</h3>
        {history.openTasks.length ? (
          <ul className="list">
            {history.openTasks.map((task) => (
              <TaskItem key={task.id} task={task} />
            ))}
          </ul>
        ) : (
          <p className="muted">{t('activity.noSteps')}</p>
        )}
      </section>

      <section className="stack" aria-label={t('research.peopleLabel')}>
        <h3 className="section-title">{t('search.people')}</h3>
        {history.people.length === 0 ? <p className="muted">{t('research.noPeople', { name: account.name })}</p> : null}
        <ul className="list">
          {history.people.map((p) => (
            <li key={p.id}>
              <button type="button" className="item" onClick={() => onOpenContact(p.id)}>
                <span className="name">{p.name}</span>
                <span className="muted small">
                  {p.title ? `${p.title} · ` : ''}
                  {history.lastTouch.has(p.id)
                    ? t('research.lastTouch', { when: formatRelative(history.lastTouch.get(p.id)!) })
                    : t('research.noTouch')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section className="stack" aria-label={t('research.timeline')}>
        <h3 className="section-title">{t('research.timeline')}</h3>
        <div className="row">
          <label className="field">
            {t('research.show')}
            <select value={kind} onChange={(e) => setKind(e.target.value as TimelineKind | 'all')}>
              <option value="all">{t('research.everything')}</option>
              {(Object.keys(KIND_TEXT) as TimelineKind[]).map((k) => (
                <option key={k} value={k}>
                  {t(KIND_TEXT[k])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('research.about')}
            <select value={personId} onChange={(e) => setPersonId(e.target.value)}>
              <option value="all">{t('research.everyone')}</option>
              {history.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {shown.length === 0 ? (
          <p className="muted">
            {history.items.length ? t('research.noMatch') : t('research.nothing', { name: account.name })}
          </p>
        ) : null}
        <ol className="list timeline" data-testid="timeline">
          {shown.slice(0, 200).map((item) => (
            <TimelineRow key={`${item.kind}:${item.id}`} item={item} people={people} />
          ))}
        </ol>
        {shown.length > 200 ? <p className="muted small">{t('research.latest', { count: shown.length })}</p> : null}
      </section>
    </article>
  );
}

export function TimelineRow({ item, people }: { item: TimelineItem; people: Map<string, Contact> }) {
  const { t } = useT();
  const who = item.personIds
    .map((id) => people.get(id)?.name)
    .filter(Boolean)
    .join(', ');
  const when =
    item.kind === 'task' && !(item.record as Task).done && (item.record as Task).dueAt
      ? t('task.due', { date: formatDate(item.at) })
      : formatDate(item.at);
  let text: string;
  let link: string | undefined;
  if (item.kind === 'interaction') {
    const i = item.record as Interaction;
    text = `${t(`interaction.${i.kind}`)}: ${i.summary || t('timeline.noSummary')}`;
  } else if (item.kind === 'note') {
    const n = item.record as Note;
    text = n.body;
    link = safeHref(n.sourceUrl);
  } else {
    const task = item.record as Task;
    text = `${task.done ? '✓ ' : ''}${task.title}`;
  }
  return (
    <li className={`timeline-item ${item.kind}`} data-kind={item.kind}>
      <div className="meta small muted">
        {t(`timeline.${item.kind}`)} · {when}
        {who ? ` · ${who}` : ''}
      </div>
      <div className="note">{text}</div>
      {link ? (
        <a className="small" href={link} target="_blank" rel="noreferrer noopener">
          {(item.record as Note).sourceTitle || link}
        </a>
      ) : null}
    </li>
  );
}

/** No account for this page: create one from it (reviewed first), or file its domain under an existing account. */
function UnknownPage({ entry, onSaved }: { entry: TabContext; onSaved: () => void }) {
  const { t } = useT();
  const [mode, setMode] = useState<'none' | 'create' | 'domain'>('none');
  const domain = pageCompanyDomain(entry.context);
  return (
    <div className="card stack" data-testid="unknown-page">
      <strong>{t('research.noAccount')}</strong>
      {mode === 'none' ? (
        <div className="row">
          <button className="btn primary" type="button" onClick={() => setMode('create')}>
            {t('research.createAccount')}
          </button>
          {domain ? (
            <button className="btn" type="button" onClick={() => setMode('domain')}>
              {t('research.addDomain', { domain })}
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'create' ? (
        <CreateAccountForm
          entry={entry}
          onDone={(saved) => {
            setMode('none');
            if (saved) onSaved();
          }}
        />
      ) : null}
      {mode === 'domain' && domain ? (
        <AddDomainForm
          domain={domain}
          onDone={(saved) => {
            setMode('none');
            if (saved) onSaved();
          }}
        />
      ) : null}
    </div>
  );
}

function CreateAccountForm({ entry, onDone }: { entry: TabContext; onDone: (saved: boolean) => void }) {
  const { t } = useT();
  const [draft, setDraft] = useState(() => accountDraftFromPage(entry.context));
  return (
    <Form
      label={t('research.newAccountLabel')}
      submitText={t('research.createSubmit')}
      onCancel={() => onDone(false)}
      onSubmit={async () => {
        await createAccountFromPage(getDb(), draft);
        onDone(true);
      }}
    >
      <p className="muted small" style={{ margin: 0 }}>
        {t('research.fromDetails')}
      </p>
      <label className="field">
        {t('field.name')}
        <input
          autoFocus
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          required
          maxLength={200}
        />
      </label>
      <label className="field">
        {t('research.webDomain')}
        <input
          value={draft.domain}
          onChange={(e) => setDraft({ ...draft, domain: e.target.value })}
          placeholder="example.com"
          maxLength={253}
        />
      </label>
      <label className="field">
        {t('research.description')}
        <textarea
          value={draft.description}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          maxLength={2000}
        />
      </label>
    </Form>
  );
}

function AddDomainForm({ domain, onDone }: { domain: string; onDone: (saved: boolean) => void }) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Account | null>(null);
  const matches = useLiveQuery(() => searchAccounts(getDb(), query), [query], []);
  return (
    <Form
      label={t('research.addDomain', { domain })}
      submitText={picked ? t('research.addDomainTo', { domain, name: picked.name }) : t('research.chooseAccount')}
      onCancel={() => onDone(false)}
      onSubmit={async () => {
        if (!picked) throw new Error(t('research.chooseAccountError'));
        await addDomainToAccount(getDb(), picked.id, domain);
        onDone(true);
      }}
    >
      <label className="field">
        {t('field.account')}
        <input
          type="search"
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPicked(null);
          }}
          placeholder={t('research.typeAccount')}
        />
      </label>
      <ul className="list" aria-label={t('research.matchingAccounts')}>
        {matches.map((a) => (
          <li key={a.id}>
            <button type="button" className="item" aria-pressed={picked?.id === a.id} onClick={() => setPicked(a)}>
              <span className={`tier ${a.tier}`}>{a.tier}</span>
              <span className="name">{a.name}</span>
              <span className="muted">{a.domains[0] ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>
      {query && matches.length === 0 ? <p className="muted small">{t('research.noAccountMatch', { query })}</p> : null}
    </Form>
  );
}

/** The team's contacts named on the page, and the other addresses on it (one click from being a contact). */
function PeopleOnPage({
  entry,
  tab,
  session,
  onOpenContact,
  onSaved,
}: {
  entry: TabContext;
  tab: WebTab;
  session: Session;
  onOpenContact: (id: string) => void;
  onSaved: () => void;
}) {
  const { t } = useT();
  const known = entry.recognition?.contacts ?? [];
  const contacts = useLiveQuery(
    () => getDb().contacts.bulkGet(known.map((k) => k.id)),
    [known.map((k) => k.id).join(',')],
    [],
  );
  const [adding, setAdding] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const knownEmails = new Set(known.map((k) => k.email));
  const others = (entry.context.page?.addresses ?? []).filter((a) => !knownEmails.has(a.email));
  if (!known.length && !others.length) return null;
  return (
    <section className="stack" aria-label={t('research.peopleOnPage')}>
      <h3 className="section-title">{t('research.onThisPage')}</h3>
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
      <ul className="list people">
        {contacts.map((c, i) =>
          c && !c.deleted ? (
            <li key={c.id}>
              <button type="button" className="item" onClick={() => onOpenContact(c.id)}>
                <span className="name">{c.name}</span>
                <span className="muted small">
                  {known[i]?.email} · {t('research.inMargin')}
                </span>
              </button>
            </li>
          ) : null,
        )}
        {others.slice(0, 50).map((a) => (
          <li key={a.email} className="person">
            {adding === a.email ? (
              <CaptureContactForm
                person={{ email: a.email, name: a.name, role: 'from' }}
                tabId={tab.id}
                session={session}
                source="page"
                onCancel={() => setAdding(null)}
                onDone={(message) => {
                  setAdding(null);
                  setNotice(message);
                  onSaved();
                }}
              />
            ) : (
              <div className="row">
                <span className="name">{a.name || a.email}</span>
                {a.name ? <span className="muted small">{a.email}</span> : null}
                <button
                  type="button"
                  className="btn small"
                  onClick={() => setAdding(a.email)}
                  aria-label={t('email.addContactFor', { name: a.email })}
                >
                  {t('email.addContact')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {others.length > 50 ? (
        <p className="muted small">{t('research.moreAddresses', { count: others.length - 50 })}</p>
      ) : null}
    </section>
  );
}

/** Takes the text selected on the page as a note on the account (or a chosen contact), keeping the page's address and title. */
function NoteFromSelection({
  tab,
  accountId,
  onSaved,
}: {
  tab: WebTab;
  accountId: string | undefined;
  onSaved: () => void;
}) {
  const { t } = useT();
  const { run, busy, status } = useAction();
  const [draft, setDraft] = useState<{ text: string; url: string; title: string } | null>(null);
  if (!accountId) return null;
  return (
    <section className="stack" aria-label={t('research.noteFromPage')}>
      {!draft ? (
        <div className="row">
          <button
            className="btn"
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const selection = await sendMessage('pageSelection', undefined, tab.id);
                if (!selection.text) throw new Error(t('research.selectFirst'));
                setDraft(selection);
              })
            }
          >
            {t('research.noteFromSelection')}
          </button>
        </div>
      ) : (
        <NoteDraftForm
          draft={draft}
          subjectId={accountId}
          onDone={(saved) => {
            setDraft(null);
            if (saved) onSaved();
          }}
        />
      )}
      {status}
    </section>
  );
}

function NoteDraftForm({
  draft,
  subjectId,
  onDone,
}: {
  draft: { text: string; url: string; title: string };
  subjectId: string;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useT();
  const [text, setText] = useState(draft.text);
  const [comment, setComment] = useState('');
  return (
    <Form
      label={t('research.noteFromPage')}
      submitText={t('research.saveNote')}
      onCancel={() => onDone(false)}
      onSubmit={async () => {
        await noteFromPage(subjectId, { ...draft, text, comment });
        onDone(true);
      }}
    >
      <label className="field">
        {t('research.fromPage')}
        <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} />
      </label>
      <label className="field">
        {t('research.comment')}
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      </label>
      <p className="muted small" style={{ margin: 0 }}>
        {t('research.keepsLink', { title: draft.title || draft.url })}
      </p>
    </Form>
  );
}

/** A capture started from the context menu: a selection to note, or an address to add. */
function PendingCaptureForm({
  capture,
  tab,
  accountId,
  session,
  onDone,
}: {
  capture: PendingCapture;
  tab: WebTab;
  accountId: string | undefined;
  session: Session;
  onDone: () => void;
}) {
  const { t } = useT();
  const [subjectId, setSubjectId] = useState<string | undefined>(accountId);
  useEffect(() => setSubjectId((s) => s ?? accountId), [accountId]);
  const [query, setQuery] = useState('');
  const matches = useLiveQuery(() => searchAccounts(getDb(), query), [query], []);
  if (capture.kind === 'contact') {
    return (
      <CaptureContactForm
        person={{ email: capture.email, name: capture.name, role: 'from' }}
        tabId={tab.id}
        session={session}
        source="page"
        onCancel={onDone}
        onDone={onDone}
      />
    );
  }
  if (!subjectId) {
    return (
      <section className="card stack" aria-label={t('research.chooseWhere')}>
        <strong>{t('research.whichAccount')}</strong>
        <blockquote className="note">{capture.text}</blockquote>
        <label className="field">
          {t('field.account')}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('research.typeAccount')}
          />
        </label>
        <ul className="list">
          {matches.map((a) => (
            <li key={a.id}>
              <button type="button" className="item" onClick={() => setSubjectId(a.id)}>
                <span className="name">{a.name}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          <button className="btn" type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </section>
    );
  }
  return <NoteDraftForm draft={capture} subjectId={subjectId} onDone={onDone} />;
}
