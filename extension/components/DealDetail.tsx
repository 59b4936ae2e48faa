import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { dealAmount, linesTotal, pipelinesOf, placeOf, probabilityOf } from '../../shared/deals';
import { newRecordId } from '../../shared/ids';
import type { Deal } from '../../shared/records';
import { useTeamSettings } from '../hooks/use-deals';
import { useMembers } from '../hooks/use-meta';
import { useAction } from '../hooks/use-action';
import { getDb, type Session } from '../lib/db';
import { useT } from '../i18n/react';
import { accountHistory, dealTimeline } from '../ui/account-timeline';
import { authorOf } from '../ui/author';
import { closeDeal, moveDeal, updateDeal } from '../ui/deal-writes';
import { deleteRecord } from '../ui/local-writes';
import { formatDate, formatDay, formatMoney } from '../ui/format';
import { DealForm } from './DealForm';
import { TimelineRow } from './Research';

/**
 * One deal: where it stands and what it is worth, its people and lines, a stage to move it to, won
 * or lost with a reason, its stage history, and the account's timeline while it was open.
 */
export function DealDetail({
  dealId,
  session,
  onOpenAccount,
  onClosed,
}: {
  dealId: string;
  session: Session;
  onOpenAccount?: (id: string) => void;
  onClosed?: () => void;
}) {
  const { t } = useT();
  const settings = useTeamSettings();
  const members = useMembers();
  const { run, busy, status } = useAction();
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState<'won' | 'lost' | null>(null);
  const [reason, setReason] = useState('');
  const data = useLiveQuery(async () => {
    const db = getDb();
    const deal = await db.deals.get(dealId);
    if (!deal || deal.deleted) return null;
    const [account, history] = await Promise.all([db.accounts.get(deal.accountId), accountHistory(db, deal.accountId)]);
    return { deal, account, history };
  }, [dealId]);
  if (data === undefined || settings === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (data === null) return <p className="empty">{t('deal.gone')}</p>;
  const { deal, account, history } = data;
  const pipelines = pipelinesOf(settings ?? undefined);
  const place = placeOf(deal, pipelines);
  const value = dealAmount(deal);
  const people = new Map(history.people.map((p) => [p.id, p]));
  const memberName = (id: string | null) =>
    id === null
      ? t('ka.nobody')
      : id === session.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === id)?.name ?? t('email.teammate'));
  const by = () => authorOf(session);
  const timeline = dealTimeline(history, deal);

  if (editing)
    return <DealForm accountId={deal.accountId} deal={deal} session={session} onDone={() => setEditing(false)} />;

  return (
    <article className="stack" aria-label={t('deal.label', { name: deal.name })} data-testid="deal-detail">
      <div className="card stack">
        <h2 style={{ margin: 0, fontSize: 17 }}>{deal.name}</h2>
        {account ? (
          onOpenAccount ? (
            <button type="button" className="btn link" onClick={() => onOpenAccount(account.id)}>
              {account.name}
            </button>
          ) : (
            <span className="muted">{account.name}</span>
          )
        ) : null}
        <dl className="facts small">
          <dt>{t('deal.status')}</dt>
          <dd data-testid="deal-status">
            {deal.status === 'open'
              ? t('deal.inStage', { stage: place.stage.name, pipeline: place.pipeline.name })
              : t(deal.status === 'won' ? 'deal.won' : 'deal.lost')}
            {place.moved && deal.status === 'open' ? ` ${t('deal.stageRemoved')}` : ''}
          </dd>
          <dt>{t('deal.amount')}</dt>
          <dd>{value !== null ? formatMoney(value, deal.currency) : t('deal.noAmount')}</dd>
          <dt>{t('deal.probability')}</dt>
          <dd>
            {probabilityOf(deal, pipelines)}%
            {deal.probability === null && deal.status === 'open' ? ` ${t('deal.fromStage')}` : ''}
          </dd>
          <dt>{t('deal.closeDate')}</dt>
          <dd>{deal.closeDate ? formatDay(deal.closeDate) : t('deal.noDate')}</dd>
          <dt>{t('deal.owner')}</dt>
          <dd>{memberName(deal.ownerId)}</dd>
          <dt>{t('deal.nextStep')}</dt>
          <dd>
            {deal.nextStep
              ? `${deal.nextStep}${deal.nextStepDate ? ` · ${formatDay(deal.nextStepDate)}` : ''}`
              : t('deal.noNextStep')}
          </dd>
          {deal.source ? (
            <>
              <dt>{t('deal.source')}</dt>
              <dd>{deal.source}</dd>
            </>
          ) : null}
          {deal.status !== 'open' && deal.closeReason ? (
            <>
              <dt>{t('deal.reason')}</dt>
              <dd>{deal.closeReason}</dd>
            </>
          ) : null}
        </dl>
        <div className="row wrap">
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            {t('deal.edit')}
          </button>
          {deal.status === 'open' ? (
            <>
              <label className="row small">
                {t('deal.moveTo')}
                <select
                  value={place.stage.id}
                  disabled={busy}
                  onChange={(e) =>
                    void run(() =>
                      moveDeal(getDb(), deal, { pipelineId: place.pipeline.id, stageId: e.target.value }, by()),
                    )
                  }
                >
                  {place.pipeline.stages.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="btn" onClick={() => setClosing('won')}>
                {t('deal.markWon')}
              </button>
              <button type="button" className="btn" onClick={() => setClosing('lost')}>
                {t('deal.markLost')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() =>
                void run(() =>
                  moveDeal(getDb(), deal, { pipelineId: place.pipeline.id, stageId: place.stage.id }, by()),
                )
              }
            >
              {t('deal.reopen')}
            </button>
          )}
        </div>
        {closing ? (
          <form
            className="stack"
            aria-label={t(closing === 'won' ? 'deal.markWon' : 'deal.markLost')}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                async () => {
                  await closeDeal(getDb(), deal, closing, reason, by());
                  setClosing(null);
                  setReason('');
                },
                t(closing === 'won' ? 'deal.wonDone' : 'deal.lostDone'),
              );
            }}
          >
            <label className="field">
              {t(closing === 'won' ? 'deal.whyWon' : 'deal.whyLost')}
              <textarea
                autoFocus
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={2}
                maxLength={2000}
              />
            </label>
            <div className="row">
              <button type="submit" className="btn primary" disabled={busy}>
                {t(closing === 'won' ? 'deal.confirmWon' : 'deal.confirmLost')}
              </button>
              <button type="button" className="btn" onClick={() => setClosing(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : null}
        {status}
      </div>

      <section className="stack" aria-label={t('deal.people')}>
        <h3 className="section-title">{t('deal.people')}</h3>
        {deal.contacts.length === 0 ? <p className="muted small">{t('deal.noPeople')}</p> : null}
        <ul className="list">
          {deal.contacts.map((c) => (
            <li key={c.contactId}>
              {people.get(c.contactId)?.name ?? t('search.deletedRecord')}{' '}
              <span className="muted small">· {t(`dealRole.${c.role}`)}</span>
            </li>
          ))}
        </ul>
      </section>

      <DealLines deal={deal} session={session} />

      <section className="stack" aria-label={t('deal.history')}>
        <h3 className="section-title">{t('deal.history')}</h3>
        <ol className="list small">
          {[...deal.stageHistory].reverse().map((entry) => (
            <li key={`${entry.at}@${entry.by}`}>
              {t('deal.entered', {
                stage: place.pipeline.stages.find((s) => s.id === entry.stageId)?.name ?? t('deal.removedStage'),
                date: formatDate(entry.at),
                name: memberName(entry.by),
              })}
            </li>
          ))}
          {deal.closedAt !== null ? (
            <li>{t(deal.status === 'won' ? 'deal.wonOn' : 'deal.lostOn', { date: formatDate(deal.closedAt) })}</li>
          ) : null}
        </ol>
      </section>

      <section className="stack" aria-label={t('deal.timeline')}>
        <h3 className="section-title">{t('deal.timeline')}</h3>
        {timeline.length === 0 ? <p className="muted small">{t('deal.noTimeline')}</p> : null}
        <ol className="list timeline">
          {timeline.slice(0, 100).map((item) => (
            <TimelineRow key={`${item.kind}:${item.id}`} item={item} people={people} />
          ))}
        </ol>
      </section>

      <div className="row">
        <button
          type="button"
          className="btn danger small"
          disabled={busy}
          onClick={() => {
            if (!window.confirm(t('deal.confirmDelete', { name: deal.name }))) return;
            void run(async () => {
              await deleteRecord(getDb(), 'deal', deal.id);
              onClosed?.();
            });
          }}
        >
          {t('deal.delete')}
        </button>
      </div>
    </article>
  );
}

/** The products or lines of a deal (name, quantity, price), their total, and "use as amount". */
function DealLines({ deal, session }: { deal: Deal; session: Session }) {
  const { t } = useT();
  const { run, busy, status } = useAction();
  const [name, setName] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const total = linesTotal(deal);
  const save = (lines: Deal['lines'], extra: Partial<Deal> = {}) =>
    run(() => updateDeal(getDb(), deal, { lines, ...extra }, authorOf(session)));
  return (
    <section className="stack" aria-label={t('deal.lines')}>
      <h3 className="section-title">{t('deal.lines')}</h3>
      {deal.lines.length ? (
        <table className="small">
          <thead>
            <tr>
              <th scope="col">{t('deal.lineName')}</th>
              <th scope="col">{t('deal.lineQuantity')}</th>
              <th scope="col">{t('deal.linePrice')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('team.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deal.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.name}</td>
                <td>{line.quantity}</td>
                <td>{formatMoney(line.price, deal.currency)}</td>
                <td>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('settings.removeFor', { name: line.name })}
                    disabled={busy}
                    onClick={() => void save(deal.lines.filter((l) => l.id !== line.id))}
                  >
                    {t('team.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{t('deal.noLines')}</p>
      )}
      {deal.lines.length ? (
        <div className="row small">
          {t('deal.linesTotal', { total: formatMoney(total, deal.currency) })}
          {deal.amount !== total ? (
            <button
              type="button"
              className="btn small"
              disabled={busy}
              onClick={() => void save(deal.lines, { amount: total })}
            >
              {t('deal.useAsAmount')}
            </button>
          ) : null}
        </div>
      ) : null}
      <form
        className="row wrap"
        aria-label={t('deal.addLine')}
        onSubmit={(e) => {
          e.preventDefault();
          const q = Number(quantity.replace(',', '.'));
          const p = Number(price.replace(/[\s,]/g, '') || '0');
          void save([...deal.lines, { id: newRecordId(), name: name.trim(), quantity: q, price: p }]).then((ok) => {
            if (ok !== null) {
              setName('');
              setQuantity('1');
              setPrice('');
            }
          });
        }}
      >
        <label className="field grow">
          {t('deal.lineName')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          {t('deal.lineQuantity')}
          <input inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} size={5} />
        </label>
        <label className="field">
          {t('deal.linePrice')}
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} size={8} />
        </label>
        <button type="submit" className="btn" disabled={busy || !name.trim()}>
          {t('deal.addLine')}
        </button>
      </form>
      {status}
    </section>
  );
}
