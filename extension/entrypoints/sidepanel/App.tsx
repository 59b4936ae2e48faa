import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { NotSyncedList } from '../../components/NotSyncedList';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { useSession } from '../../hooks/use-meta';
import { preloadedSession } from '../../ui/panel-preload';
import { useTabContext, useWebTab } from '../../hooks/use-tab-context';
import { lazyView } from '../../components/LazyView';
import { adapterFor } from '../../adapters';
import { EmailContextView } from '../../components/EmailContext';
import { openPortfolioPage } from '../../ui/open-page';
import type { Account, Contact } from '../../../shared/records';
import { getDb } from '../../lib/db';
import { sendMessage } from '../../lib/messaging';
import { SearchBox, type SearchBoxHandle, type SearchTarget } from '../../components/Search';
import { watchPanelRequests } from '../../lib/panel-request';
import { noteTargetFor } from '../../ui/note-target';
import { useT } from '../../i18n/react';
import { bestEffort } from '../../lib/best-effort';
import { OpenDealContext } from '../../hooks/use-deals';

// Only the open email's context is on the way to the first paint; every other view is read when
// first shown, and all of them once the panel is idle, so switching is still instant.
const ResearchView = lazyView(() => import('../../components/Research').then((m) => m.ResearchView));
const Agenda = lazyView(() => import('../../components/Agenda').then((m) => m.Agenda));
const DealsTab = lazyView(() => import('../../components/DealsTab').then((m) => m.DealsTab));
const DealDetail = lazyView(() => import('../../components/DealDetail').then((m) => m.DealDetail));
const VisitView = lazyView(() => import('../../components/Visit').then((m) => m.VisitView));
const AccountForm = lazyView(() => import('../../components/forms').then((m) => m.AccountForm));
const ContactForm = lazyView(() => import('../../components/forms').then((m) => m.ContactForm));
const AccountDetail = lazyView(() => import('../../components/RecordDetail').then((m) => m.AccountDetail));
const ContactDetail = lazyView(() => import('../../components/RecordDetail').then((m) => m.ContactDetail));
const LATER_VIEWS = [ResearchView, Agenda, DealsTab, DealDetail, VisitView, AccountForm, AccountDetail];

/** Once the panel has drawn and the browser is idle: the other views' code, read ahead. */
function usePrefetchViews(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const prefetch = () => {
      for (const view of LATER_VIEWS) view.prefetch();
    };
    const id = requestIdleCallback(prefetch, { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }, [ready]);
}

type View =
  | { kind: 'list' }
  | { kind: 'account'; id: string; review?: boolean; note?: boolean }
  | { kind: 'contact'; id: string; note?: boolean }
  | { kind: 'visit'; id: string }
  | { kind: 'deal'; id: string }
  | { kind: 'new-account' }
  | { kind: 'new-contact' };
type Tab = 'email' | 'page' | 'today' | 'deals' | 'accounts' | 'contacts';

/** Longer lists are cut here: 50,000 contacts are found by searching, not by scrolling. */
const LIST_LIMIT = 200;

function Lists({ tab, open }: { tab: 'accounts' | 'contacts'; open: (v: View) => void }) {
  const { t } = useT();
  const accounts = useLiveQuery(
    () =>
      tab === 'accounts'
        ? getDb()
            .accounts.orderBy('name')
            .filter((a) => !a.deleted)
            .limit(LIST_LIMIT)
            .toArray()
        : [],
    [tab],
  );
  const contacts = useLiveQuery(
    () =>
      tab === 'contacts'
        ? getDb()
            .contacts.orderBy('name')
            .filter((c) => !c.deleted)
            .limit(LIST_LIMIT)
            .toArray()
        : [],
    [tab],
  );
  const accountNames = useLiveQuery(async () => {
    const ids = [...new Set((contacts ?? []).flatMap((c) => (c.accountId ? [c.accountId] : [])))];
    return new Map((await getDb().accounts.bulkGet(ids)).flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  }, [contacts]);
  const loading = accounts === undefined || contacts === undefined;
  const shown = tab === 'accounts' ? accounts : contacts;
  return (
    <>
      <div className="row">
        {tab === 'accounts' ? (
          <button className="btn" type="button" onClick={() => open({ kind: 'new-account' })}>
            {t('lists.newAccount')}
          </button>
        ) : (
          <button className="btn" type="button" onClick={() => open({ kind: 'new-contact' })}>
            {t('lists.newContact')}
          </button>
        )}
      </div>
      {loading ? <p className="muted">{t('common.loading')}</p> : null}
      {!loading && tab === 'accounts' && accounts.length === 0 ? (
        <p className="empty">{t('lists.noAccounts')}</p>
      ) : null}
      {!loading && tab === 'contacts' && contacts.length === 0 ? (
        <p className="empty">{t('lists.noContacts')}</p>
      ) : null}
      <div role="tabpanel" aria-label={t(tab === 'accounts' ? 'tabs.accounts' : 'tabs.contacts')}>
        <ul className="list" data-testid={`${tab}-list`}>
          {tab === 'accounts'
            ? (accounts ?? []).map((a) => (
                <li key={a.id}>
                  <button type="button" className="item" onClick={() => open({ kind: 'account', id: a.id })}>
                    <span className={`tier ${a.tier}`}>{a.tier}</span>
                    <span className="name">{a.name}</span>
                    <span className="muted">{a.domains[0] ?? ''}</span>
                  </button>
                </li>
              ))
            : (contacts ?? []).map((c) => (
                <li key={c.id}>
                  <button type="button" className="item" onClick={() => open({ kind: 'contact', id: c.id })}>
                    <span className="name">{c.name}</span>
                    <span className="muted">{c.accountId ? accountNames?.get(c.accountId) : c.emails[0]}</span>
                  </button>
                </li>
              ))}
        </ul>
      </div>
      {shown?.length === LIST_LIMIT ? <p className="muted small">{t('lists.limited', { count: LIST_LIMIT })}</p> : null}
    </>
  );
}

function Detail({ view, open }: { view: Extract<View, { kind: 'account' | 'contact' }>; open: (v: View) => void }) {
  const { t } = useT();
  const record = useLiveQuery(
    async (): Promise<Account | Contact | null> =>
      (view.kind === 'account' ? await getDb().accounts.get(view.id) : await getDb().contacts.get(view.id)) ?? null,
    [view.kind, view.id],
  );
  if (record === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (!record || record.deleted) return <p className="empty">{t('detail.deleted')}</p>;
  return record.type === 'account' ? (
    <AccountDetail
      account={record}
      reviewOpen={view.kind === 'account' && !!view.review}
      focusNote={!!view.note}
      onOpenContact={(id) => open({ kind: 'contact', id })}
      onOpenVisit={(id) => open({ kind: 'visit', id })}
    />
  ) : (
    <ContactDetail contact={record} focusNote={!!view.note} onOpenAccount={(id) => open({ kind: 'account', id })} />
  );
}

export function App() {
  const { t } = useT();
  const session = useSession(preloadedSession);
  const [view, setView] = useState<View>({ kind: 'list' });
  const tabContext = useTabContext();
  const webTab = useWebTab();
  const hasEmail = !!tabContext && tabContext.context.people.length > 0;
  // An ordinary web page (not webmail) gets the research view.
  const pageTab =
    webTab && /^https?:/.test(webTab.url) && adapterFor(new URL(webTab.url)).site === 'page' ? webTab : null;
  const pageEntry = pageTab && tabContext?.tabId === pageTab.id ? tabContext : null;
  const recognized =
    !!pageEntry?.recognition &&
    (pageEntry.recognition.accounts.length > 0 || pageEntry.recognition.contacts.length > 0);
  const [chosenTab, setTab] = useState<Tab | null>(null);
  // The open email (or a page Margin knows) first; the rep's own choice after that.
  const fallback: Tab = hasEmail ? 'email' : recognized || pageTab?.capture ? 'page' : 'accounts';
  const tab: Tab =
    (chosenTab === 'email' && !hasEmail) || (chosenTab === 'page' && !pageTab) ? fallback : (chosenTab ?? fallback);
  const captureAt = pageTab?.capture?.at;
  useEffect(() => {
    // A capture from the context menu: show it.
    if (captureAt) {
      setTab('page');
      setView({ kind: 'list' });
    }
  }, [captureAt]);
  const focus = tabContext?.focus;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a second click on the same person (a new `at`) shows them again
  useEffect(() => {
    // A click on the chip: show that person on the open email.
    if (focus) {
      setTab('email');
      setView({ kind: 'list' });
    }
  }, [focus, tabContext?.at]);

  usePrefetchViews(!!session);

  const search = useRef<SearchBoxHandle>(null);
  const [searching, setSearching] = useState(false);
  /** Set by the "add a note" command when nothing on screen tells what the note is about. */
  const [noteAsked, setNoteAsked] = useState(false);
  const [notice, setNotice] = useState<'notice.openEmailFirst' | null>(null);
  const openDeal = (id: string) => setView({ kind: 'deal', id });
  const openResult = (target: SearchTarget) => {
    setView(
      target.kind === 'account'
        ? { kind: 'account', id: target.id, note: noteAsked }
        : { kind: 'contact', id: target.id, note: noteAsked },
    );
    setNoteAsked(false);
  };
  // Keyboard commands and the popup's results arrive as panel requests.
  // The effect below subscribes once; it reads what is on screen now (and opens with the current "note asked") through this ref.
  const here = { tabContext, pageEntry, openResult };
  const latestHere = useRef(here);
  latestHere.current = here;
  useEffect(
    () =>
      watchPanelRequests((request) => {
        if (request.kind === 'open') return latestHere.current.openResult(request.target);
        if (request.kind === 'notice') return setNotice(request.message);
        if (request.kind === 'search') {
          setView({ kind: 'list' });
          setNoteAsked(false);
          return setTimeout(() => search.current?.focus(), 0);
        }
        void noteTargetFor(getDb(), latestHere.current.tabContext ?? null, latestHere.current.pageEntry ?? null).then(
          (target) => {
            if (target) return setView({ ...target, note: true });
            setView({ kind: 'list' });
            setNoteAsked(true);
            setTimeout(() => search.current?.focus(), 0);
          },
        );
      }),
    [],
  );

  // Fresh data at once when the panel opens or regains focus, not only on the minute alarm.
  useEffect(() => {
    const refresh = () => void bestEffort('sync.now', sendMessage('syncNow', undefined));
    refresh();
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, []);

  if (session === undefined)
    return (
      <main>
        <p className="muted">{t('common.loading')}</p>
      </main>
    );
  if (session === null) {
    return (
      <div className="app">
        <header className="bar">
          <h1>Margin</h1>
        </header>
        <main>
          <div className="card stack">
            <strong>{t('signIn.title')}</strong>
            <p className="muted">{t('signIn.panelIntro')}</p>
            <button className="btn primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
              {t('signIn.open')}
            </button>
          </div>
        </main>
      </div>
    );
  }

  return (
    <OpenDealContext.Provider value={openDeal}>
      <div className="app">
        <header className="bar">
          {view.kind !== 'list' ? (
            <button className="btn" type="button" aria-label={t('nav.back')} onClick={() => setView({ kind: 'list' })}>
              ←
            </button>
          ) : null}
          <h1>{t('app.title', { team: session.team.name })}</h1>
        </header>
        <main>
          <SyncStatusLine />
          <NotSyncedList />
          {view.kind === 'list' ? (
            <>
              <SearchBox ref={search} onOpen={openResult} onQueryChange={(q) => setSearching(!!q.trim())} />
              {notice ? (
                <p className="card small" role="status">
                  {t(notice)}{' '}
                  <button type="button" className="btn link" onClick={() => setNotice(null)}>
                    {t('common.dismiss')}
                  </button>
                </p>
              ) : null}
              {noteAsked ? (
                <p className="muted small" role="status">
                  {t('search.noteHint')}
                </p>
              ) : null}
            </>
          ) : null}
          {view.kind === 'list' && !searching ? (
            <>
              <div className="tabs" role="tablist" aria-label={t('tabs.label')}>
                {hasEmail ? (
                  <button type="button" role="tab" aria-selected={tab === 'email'} onClick={() => setTab('email')}>
                    {t(tabContext.context.compose ? 'tabs.draft' : 'tabs.email')}
                  </button>
                ) : null}
                {pageTab && !hasEmail ? (
                  <button type="button" role="tab" aria-selected={tab === 'page'} onClick={() => setTab('page')}>
                    {t('tabs.page')}
                  </button>
                ) : null}
                <button type="button" role="tab" aria-selected={tab === 'today'} onClick={() => setTab('today')}>
                  {t('tabs.today')}
                </button>
                <button type="button" role="tab" aria-selected={tab === 'deals'} onClick={() => setTab('deals')}>
                  {t('tabs.deals')}
                </button>
                <button type="button" role="tab" aria-selected={tab === 'accounts'} onClick={() => setTab('accounts')}>
                  {t('tabs.accounts')}
                </button>
                <button type="button" role="tab" aria-selected={tab === 'contacts'} onClick={() => setTab('contacts')}>
                  {t('tabs.contacts')}
                </button>
              </div>
              {tab === 'page' && pageTab ? (
                <ResearchView
                  tab={pageTab}
                  entry={pageEntry}
                  session={session}
                  onOpenContact={(id) => setView({ kind: 'contact', id })}
                  onOpenAccount={(id) => setView({ kind: 'account', id })}
                />
              ) : tab === 'email' && hasEmail ? (
                <EmailContextView
                  tab={tabContext}
                  session={session}
                  onOpenContact={(id) => setView({ kind: 'contact', id })}
                  onOpenAccount={(id) => setView({ kind: 'account', id })}
                />
              ) : tab === 'today' ? (
                <>
                  <Agenda
                    session={session}
                    onOpenAccount={(id) => setView({ kind: 'account', id, review: true })}
                    onOpenVisit={(id) => setView({ kind: 'visit', id })}
                  />
                  <div className="row">
                    <button type="button" className="btn" onClick={() => openPortfolioPage()}>
                      {t('portfolio.open')}
                    </button>
                  </div>
                </>
              ) : tab === 'deals' ? (
                <DealsTab session={session} />
              ) : tab === 'accounts' || tab === 'contacts' ? (
                <Lists tab={tab} open={setView} />
              ) : null}
            </>
          ) : null}
          {view.kind === 'new-account' ? <AccountForm onDone={() => setView({ kind: 'list' })} /> : null}
          {view.kind === 'new-contact' ? <ContactForm onDone={() => setView({ kind: 'list' })} /> : null}
          {view.kind === 'account' || view.kind === 'contact' ? <Detail view={view} open={setView} /> : null}
          {view.kind === 'deal' ? (
            <DealDetail
              dealId={view.id}
              session={session}
              onOpenAccount={(id) => setView({ kind: 'account', id })}
              onClosed={() => setView({ kind: 'list' })}
            />
          ) : null}
          {view.kind === 'visit' ? (
            <VisitView taskId={view.id} session={session} onDone={() => setView({ kind: 'list' })} />
          ) : null}
        </main>
      </div>
    </OpenDealContext.Provider>
  );
}
