import { useCallback, useEffect, useMemo, useState } from 'react';
import { indexPortfolio, portfolioView, type PortfolioFilter } from '../../../shared/portfolio/view';
import { ACCOUNT_KINDS, TIERS, type Tier } from '../../../shared/records';
import { AccountsTable } from '../../components/portfolio/AccountsTable';
import { Coverage, Decay, Pareto, Pipeline, Plans, Reviews, Threads } from '../../components/portfolio/Sections';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { useMembers, useMeta } from '../../hooks/use-meta';
import { useT } from '../../i18n/react';
import { getDb, type Session } from '../../lib/db';
import { requestPanel } from '../../lib/panel-request';
import { openSidePanel } from '../../lib/side-panel';
import { localTimeZone } from '../../lib/time-zone';
import { datedName, downloadFile } from '../../ui/download';
import { portfolioCsv } from '../../ui/portfolio-csv';
import { usePortfolio } from '../../ui/portfolio-store';

/** Owners and admins see the whole team first; members their own accounts. */
function defaultFilter(session: Session): PortfolioFilter {
  return {
    owner: session.member.role === 'member' ? session.member.id : 'all',
    tier: 'all',
    kind: 'all',
    tag: 'all',
  };
}

/** The portfolio review: the manager's whole book at a glance, from the cache, and acted on in batches. */
export function App() {
  const { t } = useT();
  const session = useMeta('session');
  const members = useMembers();
  const state = usePortfolio(getDb());
  const [filter, setFilter] = useState<PortfolioFilter | null>(null);
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  useEffect(() => {
    document.title = t('portfolio.pageTitle');
  }, [t]);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);
  useEffect(() => {
    if (session && !filter) setFilter(defaultFilter(session));
  }, [session, filter]);
  // The filter-free part (the team's 80/20 order) once per set of facts; the view per filter.
  const index = useMemo(
    () => (state && state.status !== 'reading' ? indexPortfolio(state.facts, state.settings) : undefined),
    [state],
  );
  const view = useMemo(
    () =>
      index && filter
        ? portfolioView(index, filter, { now: Date.now(), timeZone: localTimeZone() }, state?.settings)
        : undefined,
    [index, filter, state?.settings],
  );
  // The charts paint first; the table (a hundred rows, below them) is laid out in the frame after.
  const [tableShown, setTableShown] = useState(false);
  useEffect(() => {
    if (view) performance.mark('margin:portfolio-drawn');
  }, [view]);
  useEffect(() => {
    if (!view || tableShown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setTableShown(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [view, tableShown]);
  // One function per team and language, so the table's sort by owner is not redone on every render.
  const myId = session?.member.id;
  const memberName = useCallback(
    (id: string | null) => {
      if (id === null || id === '') return t('ka.nobody');
      if (id === myId) return t('email.you');
      return members?.list.find((m) => m.id === id)?.name ?? t('email.teammate');
    },
    [t, myId, members],
  );

  if (session === null)
    return (
      <main className="page">
        <p className="empty">{t('signIn.panelIntro')}</p>
      </main>
    );
  if (session === undefined || !state || state.status === 'reading' || !view || !filter || !index)
    return (
      <main className="page">
        <p className="muted" role="status">
          {t('portfolio.loading')}
        </p>
      </main>
    );

  const memberList = members?.list ?? [];
  const ownerIds = [...new Set([...memberList.map((m) => m.id), ...index.owners.filter((o) => o !== '')])];
  const currency = state.settings?.currency ?? 'EUR';
  // Opens the account in the side panel of this window (within the click, as the browser requires).
  const onOpen = (id: string) => {
    const opening = openSidePanel({ windowId });
    void Promise.all([opening, requestPanel({ kind: 'open', target: { kind: 'account', id }, at: Date.now() })]);
  };
  const exportCsv = () =>
    downloadFile(datedName('margin-portfolio', 'csv'), portfolioCsv(view.rows, memberName), 'text/csv;charset=utf-8');
  const props = { view, memberName, onOpen, currency };

  return (
    <div className="page portfolio-page">
      <header className="bar">
        <h1>{t('portfolio.title', { team: session.team.name })}</h1>
        <div className="row no-print">
          <button type="button" className="btn" onClick={exportCsv}>
            {t('portfolio.exportCsv')}
          </button>
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('portfolio.print')}
          </button>
        </div>
      </header>
      <div className="page-status no-print">
        <SyncStatusLine />
        {state.status === 'saved' ? (
          <p className="muted" role="status">
            {t('portfolio.catchingUp')}
          </p>
        ) : null}
      </div>
      <form className="row wrap filters" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          {t('deal.owner')}
          <select value={filter.owner} onChange={(e) => setFilter({ ...filter, owner: e.target.value })}>
            <option value="all">{t('board.everyone')}</option>
            <option value={session.member.id}>{t('board.mine')}</option>
            {ownerIds
              .filter((id) => id !== session.member.id)
              .map((id) => (
                <option key={id} value={id}>
                  {memberName(id)}
                </option>
              ))}
            <option value="">{t('ka.nobody')}</option>
          </select>
        </label>
        <label className="field">
          {t('board.tier')}
          <select value={filter.tier} onChange={(e) => setFilter({ ...filter, tier: e.target.value as Tier | 'all' })}>
            <option value="all">{t('board.allTiers')}</option>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t('account.tier', { tier })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('portfolio.kind')}
          <select value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value })}>
            <option value="all">{t('portfolio.allKinds')}</option>
            {ACCOUNT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
            <option value="none">{t('portfolio.noKind')}</option>
          </select>
        </label>
        <label className="field">
          {t('portfolio.tag')}
          <select value={filter.tag} onChange={(e) => setFilter({ ...filter, tag: e.target.value })}>
            <option value="all">{t('portfolio.allTags')}</option>
            {index.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
      </form>
      <main className="stack portfolio">
        <p data-testid="portfolio-summary">
          {t('portfolio.summary', { accounts: view.accounts, key: view.keyAccounts })}
        </p>
        {view.accounts === 0 ? <p className="empty">{t('portfolio.accounts.none')}</p> : null}
        <Coverage view={view} memberName={memberName} />
        <div className="chart-grid">
          <Decay {...props} />
          <Threads {...props} />
        </div>
        <div className="chart-grid">
          <Reviews {...props} />
          <Pareto {...props} />
          <Plans {...props} />
          <Pipeline {...props} />
        </div>
        {tableShown ? (
          <AccountsTable
            rows={view.rows}
            session={session}
            members={memberList}
            memberName={memberName}
            onOpen={onOpen}
            currency={currency}
          />
        ) : (
          <p className="muted" role="status">
            {t('portfolio.tableLoading')}
          </p>
        )}
      </main>
    </div>
  );
}
