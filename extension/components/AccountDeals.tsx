import { useState } from 'react';
import { dealAmount, pipelinesOf, placeOf, probabilityOf } from '../../shared/deals';
import type { Account, Deal, Settings } from '../../shared/records';
import { useAccountDeals, useOpenDeal, useTeamSettings } from '../hooks/use-deals';
import type { Session } from '../lib/db';
import { useT } from '../i18n/react';
import { formatDay, formatMoney, todayDay } from '../ui/format';
import type { NewDeal } from '../ui/deal-writes';
import { DealForm } from './DealForm';

/** One line about a deal: stage, amount, close date, and its next step under it. */
export function DealSummary({ deal, settings }: { deal: Deal; settings: Settings | undefined }) {
  const { t } = useT();
  const openDeal = useOpenDeal();
  const pipelines = pipelinesOf(settings);
  const place = placeOf(deal, pipelines);
  const value = dealAmount(deal);
  const late = deal.status === 'open' && deal.closeDate !== null && deal.closeDate < todayDay();
  const facts = [
    deal.status === 'open'
      ? t('deal.stageAt', { stage: place.stage.name, percent: probabilityOf(deal, pipelines) })
      : t(deal.status === 'won' ? 'deal.won' : 'deal.lost'),
    value !== null ? formatMoney(value, deal.currency) : null,
    deal.closeDate ? t(late ? 'deal.closeLate' : 'deal.closeOn', { date: formatDay(deal.closeDate) }) : null,
  ].filter(Boolean);
  return (
    <div className="stack-tight">
      {openDeal ? (
        <button type="button" className="btn link deal-name" onClick={() => openDeal(deal.id)}>
          {deal.name}
        </button>
      ) : (
        <span className="name">{deal.name}</span>
      )}
      <span className={`small ${late ? 'warn' : 'muted'}`}>{facts.join(' · ')}</span>
      {deal.status === 'open' ? (
        <span className="small">
          {deal.nextStep
            ? t(deal.nextStepDate ? 'deal.nextStepOn' : 'deal.nextStepIs', {
                step: deal.nextStep,
                date: deal.nextStepDate ? formatDay(deal.nextStepDate) : '',
              })
            : t('deal.noNextStep')}
        </span>
      ) : deal.closeReason ? (
        <span className="muted small">{deal.closeReason}</span>
      ) : null}
    </div>
  );
}

/**
 * An account's deals in the margin (beside an email, on the research view, on the account): the
 * open ones with stage, amount, close date and next step, and "New deal" prefilled from where the rep
 * is. `closed` lists the won and lost ones too (the account card).
 */
export function AccountDeals({
  account,
  session,
  prefill,
  closed = false,
}: {
  account: Account;
  session: Session;
  prefill?: Partial<NewDeal>;
  closed?: boolean;
}) {
  const { t } = useT();
  const deals = useAccountDeals(account.id);
  const settings = useTeamSettings();
  const [adding, setAdding] = useState(false);
  const openDeal = useOpenDeal();
  if (deals === undefined || settings === undefined) return <p className="muted small">{t('common.loading')}</p>;
  const open = deals.filter((d) => d.status === 'open');
  const won = deals.filter((d) => d.status === 'won');
  const lost = deals.filter((d) => d.status === 'lost');
  const list = (title: string, items: Deal[]) =>
    items.length ? (
      <ul className="list" aria-label={title}>
        {items.map((d) => (
          <li key={d.id}>
            <DealSummary deal={d} settings={settings ?? undefined} />
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <section className="stack" aria-label={t('deal.ofAccount', { name: account.name })} data-testid="account-deals">
      <div className="row">
        <h3 className="section-title" style={{ margin: 0 }}>
          {t('deal.title')}
        </h3>
        {!adding ? (
          <button
            type="button"
            className="btn small"
            onClick={() => setAdding(true)}
            aria-label={t('deal.newFor', { name: account.name })}
          >
            {t('deal.new')}
          </button>
        ) : null}
      </div>
      {adding ? (
        <DealForm
          accountId={account.id}
          session={session}
          prefill={{ name: account.name, ...prefill }}
          onDone={(saved) => {
            setAdding(false);
            if (saved && openDeal) openDeal(saved.id);
          }}
        />
      ) : null}
      {open.length === 0 && !adding ? <p className="muted small">{t('deal.noneOpen')}</p> : null}
      {list(t('deal.open'), open)}
      {closed ? (
        <>
          {won.length ? <h4 className="muted small">{t('deal.wonList', { count: won.length })}</h4> : null}
          {list(t('deal.wonList', { count: won.length }), won)}
          {lost.length ? <h4 className="muted small">{t('deal.lostList', { count: lost.length })}</h4> : null}
          {list(t('deal.lostList', { count: lost.length }), lost)}
        </>
      ) : null}
    </section>
  );
}
