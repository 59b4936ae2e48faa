import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { pipelinesOf, quarterOf } from '../../../shared/deals';
import { TIERS, type Account, type Deal, type Tier } from '../../../shared/records';
import { DealDetail } from '../../components/DealDetail';
import { DealTable } from '../../components/DealTable';
import { ForecastView } from '../../components/Forecast';
import { PipelineBoard } from '../../components/PipelineBoard';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { ErrorLine } from '../../components/ErrorLine';
import { OpenDealContext, useTeamSettings } from '../../hooks/use-deals';
import { useMembers, useMeta } from '../../hooks/use-meta';
import { getDb } from '../../lib/db';
import { useT } from '../../i18n/react';
import { errorMessage } from '../../ui/actions';
import { authorOf } from '../../ui/account-writes';
import { moveDeal } from '../../ui/deal-writes';
import { todayDay } from '../../ui/format';
import {
  DEFAULT_STALE_DAYS,
  dealRows,
  lastTouchByAccount,
  matchesFilter,
  quartersOf,
  type DealFilter,
} from '../../ui/pipeline-view';

type View = 'board' | 'list' | 'forecast';
const VIEWS: View[] = ['board', 'list', 'forecast'];

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
  const deals = useLiveQuery(
    () =>
      getDb()
        .deals.filter((d) => !d.deleted)
        .toArray(),
    [],
  );
  const accounts = useLiveQuery(async () => {
    const list = await getDb().accounts.toArray();
    return new Map(list.filter((a) => !a.deleted).map((a): [string, Account] => [a.id, a]));
  }, []);
  // The staleness marks come after the board is drawn: they read every interaction.
  const lastTouch = useLiveQuery(async () => {
    if (!deals) return undefined;
    const db = getDb();
    const accountIds = [...new Set(deals.map((d) => d.accountId))];
    const people = await db.contacts.where('accountId').anyOf(accountIds).toArray();
    const accountOf = new Map(people.map((c): [string, string] => [c.id, c.accountId ?? '']));
    return lastTouchByAccount(await db.interactions.toArray(), accountOf);
  }, [deals]);

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

  if (session === undefined || settings === undefined || deals === undefined || accounts === undefined)
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

  const pipelines = pipelinesOf(settings ?? undefined);
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0]!;
  const teamSettings = {
    currency: settings?.currency ?? 'EUR',
    currencyRates: settings?.currencyRates ?? {},
    forecastTargets: settings?.forecastTargets ?? {},
    pipelines,
  };
  const staleDays = settings?.promptRules['deal-stalled']?.leadDays ?? DEFAULT_STALE_DAYS;
  const memberName = (id: string | null) =>
    id === null
      ? t('ka.nobody')
      : id === session.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === id)?.name ?? t('email.teammate'));
  const keep = (deal: Deal) => matchesFilter(deal, accounts.get(deal.accountId), filter);
  const quarters = quartersOf(deals);
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
    moveDeal(getDb(), deal, { pipelineId: pipeline.id, stageId }, authorOf(session)).catch((e: unknown) =>
      setError(errorMessage(e)),
    );
  };
  const ownerIds = [...new Set(deals.map((d) => d.ownerId ?? ''))];

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
                memberName={memberName}
                onOpen={openDeal}
                onMove={onMove}
              />
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
