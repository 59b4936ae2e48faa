import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { lazyView } from '../../components/LazyView';
import { pipelinesOf, quarterOf } from '../../../shared/deals';
import { DEFAULT_LEAD_DAYS } from '../../../shared/prompts/defaults';
import { TIERS, type Deal, type Tier } from '../../../shared/records';
import { DealTable } from '../../components/DealTable';
import { ForecastView } from '../../components/Forecast';
import { FIRST_PAINT_CARDS, PipelineBoard } from '../../components/PipelineBoard';
import { rememberPipeline, usePipeline } from '../../ui/pipeline-store';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { ErrorLine } from '../../components/ErrorLine';
import { OpenDealContext, useTeamSettings } from '../../hooks/use-deals';
import { useMembers, useMeta } from '../../hooks/use-meta';
import { getDb } from '../../lib/db';
import { useT } from '../../i18n/react';
import { errorMessage } from '../../ui/actions';
import { authorOf } from '../../ui/author';
import { moveDeal } from '../../ui/deal-writes';
import { todayDay } from '../../ui/format';
import { dealRows, lastTouchByAccount, matchesFilter, quartersOf, type DealFilter } from '../../ui/pipeline-view';

type View = 'board' | 'list' | 'forecast';
const VIEWS: View[] = ['board', 'list', 'forecast'];

// A deal's view (with the research and capture it shares with the side panel) is read when first
// opened, or once the board has painted: it is not on the way to the first cards.
const DealDetail = lazyView(
  () => import('../../components/DealDetail').then((m) => m.DealDetail),
  // The code is gone (the extension was updated while this page stayed open): say so, keep the board.
  DealViewFailed,
);
function DealViewFailed() {
  const { t } = useT();
  return <ErrorLine message={t('board.dealViewFailed')} />;
}

/** `#list`, `#forecast`, `#deal=<id>`: the page opens on what the link names. */
function fromHash(): { view: View; dealId: string | null } {
  const hash = new URLSearchParams(location.hash.slice(1));
  const view = VIEWS.find((v) => hash.has(v)) ?? 'board';
  return { view, dealId: hash.get('deal') };
}

/** The pipeline page: the board, the sortable list and the forecast, over the deals cached here. */
export function App() {
  const { t } = useT();
  const session = useMeta('session');
  const settings = useTeamSettings();
  const members = useMembers();
  const [view, setView] = useState<View>(() => fromHash().view);
  const [dealId, setDealId] = useState<string | null>(() => fromHash().dealId);
  const [filter, setFilter] = useState<Omit<DealFilter, 'pipelineId'>>({ owner: 'all', tier: 'all', quarter: 'all' });
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [quarter, setQuarter] = useState(() => quarterOf(todayDay()));
  const [error, setError] = useState<string | null>(null);
  const pipelines = settings === undefined ? undefined : pipelinesOf(settings ?? undefined);
  const pipeline = pipelines ? (pipelines.find((p) => p.id === pipelineId) ?? pipelines[0]) : undefined;
  // The first cards of the board at once, then every deal; moves and syncs read back only what changed.
  const snapshot = usePipeline(getDb(), FIRST_PAINT_CARDS);
  const complete = snapshot?.complete ?? false;
  // The staleness marks come after every deal is here: they read each interaction once (and again when one changes).
  const lastTouch = useLiveQuery(async () => {
    if (!complete) return undefined;
    const db = getDb();
    // Contact → account from the index alone, without reading the contacts.
    const accountOf = new Map<string, string>();
    await db.contacts.orderBy('accountId').eachKey((accountId, cursor) => {
      accountOf.set(String(cursor.primaryKey), String(accountId));
    });
    return lastTouchByAccount(await db.interactions.toArray(), accountOf);
  }, [complete]);
  // Moves show at once; the cache catches up a moment later.
  const [pending, setPending] = useState<ReadonlyMap<string, { pipelineId: string; stageId: string }>>(new Map());
  const deals = useMemo(
    () =>
      snapshot
        ? pending.size
          ? snapshot.deals.map((d) => {
              const moved = pending.get(d.id);
              return moved ? { ...d, ...moved, status: 'open' as const } : d;
            })
          : snapshot.deals
        : undefined,
    [snapshot, pending],
  );
  useEffect(() => {
    if (!snapshot || !pending.size) return;
    const byId = new Map(snapshot.deals.map((d) => [d.id, d]));
    const left = [...pending].filter(([id, to]) => {
      const d = byId.get(id);
      return d && (d.stageId !== to.stageId || d.pipelineId !== to.pipelineId);
    });
    if (left.length !== pending.size) setPending(new Map(left));
  }, [snapshot, pending]);
  const accounts = snapshot?.accounts;
  // Filter choices: computed when the deals change, not on every move of the mouse over the board.
  // From the cached deals, not the moved ones: a move changes neither close dates nor owners.
  const saved = snapshot?.deals;
  const quarters = useMemo(() => quartersOf(saved ?? []), [saved]);
  const ownerIds = useMemo(() => [...new Set((saved ?? []).map((d) => d.ownerId ?? ''))], [saved]);

  useEffect(() => {
    const onHash = () => {
      const next = fromHash();
      setView(next.view);
      setDealId(next.dealId);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = t('board.pageTitle');
  }, [t]);
  useEffect(() => {
    if (pipeline) rememberPipeline(pipeline);
  }, [pipeline]);
  useEffect(() => {
    // Every deal is here, so the board has painted: the deal view loads now, before it is asked for.
    // A failure here is the same one opening a deal then shows in words.
    if (complete) DealDetail.prefetch();
  }, [complete]);

  if (session === undefined || settings === undefined || !deals || !accounts || !pipelines || !pipeline)
    return (
      <main className="page">
        <p className="muted" role="status">
          {t('board.loading')}
        </p>
      </main>
    );
  if (session === null)
    return (
      <main className="page">
        <p className="empty">{t('signIn.panelIntro')}</p>
      </main>
    );

  const teamSettings = {
    currency: settings?.currency ?? 'EUR',
    currencyRates: settings?.currencyRates ?? {},
    forecastTargets: settings?.forecastTargets ?? {},
    pipelines,
  };
  const staleDays = settings?.promptRules['deal-stalled']?.leadDays ?? DEFAULT_LEAD_DAYS['deal-stalled'];
  const memberName = (id: string | null) =>
    id === null
      ? t('ka.nobody')
      : id === session.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === id)?.name ?? t('email.teammate'));
  const keep = (deal: Deal) => matchesFilter(deal, accounts.get(deal.accountId), filter);
  const openDeal = (id: string) => {
    setDealId(id);
    history.replaceState(null, '', `#${view}&deal=${encodeURIComponent(id)}`);
  };
  const closeDeal = () => {
    setDealId(null);
    history.replaceState(null, '', `#${view}`);
  };
  const onMove = (deal: Deal, stageId: string) => {
    setError(null);
    const target = { pipelineId: pipeline.id, stageId };
    setPending((now) => new Map(now).set(deal.id, target));
    const saved = snapshot?.deals.find((d) => d.id === deal.id) ?? deal;
    moveDeal(getDb(), saved, target, authorOf(session)).catch((e: unknown) => {
      setError(errorMessage(e));
      setPending((now) => {
        const next = new Map(now);
        next.delete(deal.id);
        return next;
      });
    });
  };

  return (
    <OpenDealContext.Provider value={openDeal}>
      <div className="page pipeline-page">
        <header className="bar">
          <h1>{t('board.title', { team: session.team.name })}</h1>
          <nav className="tabs" aria-label={t('board.views')}>
            {VIEWS.map((v) => (
              <a
                key={v}
                href={`#${v}`}
                className="tab"
                aria-current={view === v ? 'page' : undefined}
                onClick={() => setView(v)}
              >
                {t(`board.view.${v}`)}
              </a>
            ))}
          </nav>
        </header>
        <div className="page-status">
          <SyncStatusLine />
        </div>
        {view !== 'forecast' ? (
          <form className="row wrap filters" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
            {pipelines.length > 1 && view === 'board' ? (
              <label className="field">
                {t('deal.pipeline')}
                <select value={pipeline.id} onChange={(e) => setPipelineId(e.target.value)}>
                  {pipelines.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field">
              {t('deal.owner')}
              <select value={filter.owner} onChange={(e) => setFilter({ ...filter, owner: e.target.value })}>
                <option value="all">{t('board.everyone')}</option>
                <option value={session.member.id}>{t('board.mine')}</option>
                {ownerIds
                  .filter((id) => id !== session.member.id)
                  .map((id) => (
                    <option key={id || 'none'} value={id}>
                      {memberName(id || null)}
                    </option>
                  ))}
              </select>
            </label>
            <label className="field">
              {t('board.tier')}
              <select
                value={filter.tier}
                onChange={(e) => setFilter({ ...filter, tier: e.target.value as Tier | 'all' })}
              >
                <option value="all">{t('board.allTiers')}</option>
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    {t('account.tier', { tier })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('board.quarter')}
              <select value={filter.quarter} onChange={(e) => setFilter({ ...filter, quarter: e.target.value })}>
                <option value="all">{t('board.anyQuarter')}</option>
                {quarters.map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
                <option value="none">{t('board.noQuarter')}</option>
              </select>
            </label>
          </form>
        ) : null}
        <ErrorLine message={error} />
        <div className={dealId ? 'with-drawer' : undefined}>
          <main>
            {deals.length === 0 ? (
              <div className="card stack">
                <p className="empty">{t('board.noDealsYet')}</p>
              </div>
            ) : view === 'board' ? (
              <PipelineBoard
                deals={deals}
                pipeline={pipeline}
                pipelines={pipelines}
                settings={teamSettings}
                accounts={accounts}
                lastTouch={lastTouch}
                staleDays={staleDays}
                keep={keep}
                keepDeps={[filter, accounts]}
                complete={complete}
                memberName={memberName}
                onOpen={openDeal}
                onMove={onMove}
              />
            ) : !complete ? (
              // The list and the forecast need every deal; the board draws its first cards before.
              <p className="muted" role="status">
                {t('board.loading')}
              </p>
            ) : view === 'list' ? (
              <DealTable
                rows={dealRows(
                  deals,
                  {
                    pipelines,
                    settings: teamSettings,
                    accounts,
                    lastTouch: lastTouch ?? new Map(),
                    memberName,
                    now: Date.now(),
                  },
                  keep,
                )}
                currency={teamSettings.currency}
                onOpen={openDeal}
              />
            ) : (
              <ForecastView
                deals={deals}
                settings={teamSettings}
                quarter={quarter}
                onQuarter={setQuarter}
                memberName={memberName}
              />
            )}
          </main>
          {dealId ? (
            <aside className="drawer" aria-label={t('board.dealPanel')}>
              <button type="button" className="btn small" onClick={closeDeal} aria-label={t('board.closeDeal')}>
                ✕
              </button>
              <DealDetail dealId={dealId} session={session} onClosed={closeDeal} />
            </aside>
          ) : null}
        </div>
      </div>
    </OpenDealContext.Provider>
  );
}
