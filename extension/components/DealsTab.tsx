import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { dealOrder } from '../../shared/deals';
import { useTeamSettings } from '../hooks/use-deals';
import { getDb, type Session } from '../lib/db';
import { useT } from '../i18n/react';
import { DealSummary } from './AccountDeals';
import { openPipelinePage } from '../ui/open-page';

/** Open deals shown in the side panel's compact list; the board has them all. */
const SHOWN = 100;

/** The side panel's Deals tab: open deals closing soonest first (the rep's own, or the team's), and the board. */
export function DealsTab({ session }: { session: Session }) {
  const { t } = useT();
  const settings = useTeamSettings();
  const [mine, setMine] = useState(true);
  const data = useLiveQuery(async () => {
    const db = getDb();
    const open = (await db.deals.filter((d) => !d.deleted && d.status === 'open').toArray())
      .filter((d) => !mine || d.ownerId === session.member.id)
      .sort(dealOrder);
    const accounts = await db.accounts.bulkGet([...new Set(open.slice(0, SHOWN).map((d) => d.accountId))]);
    return { open, names: new Map(accounts.flatMap((a) => (a ? [[a.id, a.name] as const] : []))) };
  }, [mine, session.member.id]);
  return (
    <div className="stack" role="tabpanel" aria-label={t('tabs.deals')}>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => openPipelinePage()}>
          {t('deal.openBoard')}
        </button>
        <label className="row small">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          {t('deal.onlyMine')}
        </label>
      </div>
      {data === undefined || settings === undefined ? <p className="muted">{t('common.loading')}</p> : null}
      {data && data.open.length === 0 ? <p className="empty">{t(mine ? 'deal.noneMine' : 'deal.noneTeam')}</p> : null}
      <ul className="list" data-testid="deals-list">
        {data?.open.slice(0, SHOWN).map((d) => (
          <li key={d.id} className="stack-tight">
            <span className="muted small">{data.names.get(d.accountId) ?? ''}</span>
            <DealSummary deal={d} settings={settings ?? undefined} />
          </li>
        ))}
      </ul>
      {data && data.open.length > SHOWN ? (
        <p className="muted small">{t('deal.moreOnBoard', { count: data.open.length - SHOWN })}</p>
      ) : null}
    </div>
  );
}
