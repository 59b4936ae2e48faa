import { useMemo, useState } from 'react';
import { startOfDay } from '../../../shared/calendar';
import type { AccountRow } from '../../../shared/portfolio/view';
import { TIERS, type Tier } from '../../../shared/records';
import { useAction } from '../../hooks/use-action';
import { useT } from '../../i18n/react';
import type { Session } from '../../lib/db';
import { getDb } from '../../lib/db';
import { localTimeZone } from '../../lib/time-zone';
import { changeAccounts, type AccountsChange } from '../../ui/account-writes';
import { authorOf } from '../../ui/author';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';

type SortKey = 'name' | 'tier' | 'owner' | 'value' | 'daysSince' | 'nextReviewAt';
const PAGE = 100;

/**
 * Every account the filters keep, sortable, with a box to select it; the selected ones can get a
 * new owner, a review date or a tier in one step (one batch of writes, synced like any other).
 */
export function AccountsTable({
  rows,
  session,
  members,
  memberName,
  onOpen,
  currency,
}: {
  rows: readonly AccountRow[];
  session: Session;
  members: readonly { id: string; name: string }[];
  memberName: (id: string | null) => string;
  onOpen: (id: string) => void;
  currency: string;
}) {
  const { t } = useT();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'value', dir: -1 });
  const [shown, setShown] = useState(PAGE);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const sorted = useMemo(() => {
    // The view gives the rows highest value first: the table's first order needs no sort.
    if (sort.key === 'value' && sort.dir === -1) return rows;
    // Each row's key worked out once, then the indices sorted (20,000 rows: no key per comparison).
    const keys: (string | number)[] = rows.map((r) => {
      switch (sort.key) {
        case 'name':
          return r.name.toLocaleLowerCase();
        case 'tier':
          return r.tier;
        case 'owner':
          return memberName(r.ownerId).toLocaleLowerCase();
        case 'value':
          return r.value ?? -1;
        case 'daysSince':
          return r.daysSince ?? Number.MAX_SAFE_INTEGER;
        default:
          return r.nextReviewAt ?? Number.MAX_SAFE_INTEGER;
      }
    });
    const order = Int32Array.from(rows, (_, i) => i);
    order.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      return (x < y ? -1 : x > y ? 1 : rows[a]!.name.localeCompare(rows[b]!.name)) * sort.dir;
    });
    return Array.from(order, (i) => rows[i]!);
  }, [rows, sort, memberName]);
  const visibleIds = sorted.slice(0, shown).map((r) => r.id);
  // The selected accounts the filters still show (none selected: no set of 20,000 ids per render).
  const chosen = useMemo(() => {
    if (!selected.size) return [];
    const inView = new Set(rows.map((r) => r.id));
    return [...selected].filter((id) => inView.has(id));
  }, [rows, selected]);
  const allShownSelected = visibleIds.length > 0 && visibleIds.every((id) => selected.has(id));

  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="btn link"
        onClick={() =>
          setSort(sort.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: key === 'value' ? -1 : 1 })
        }
      >
        {label}
      </button>
    </th>
  );
  const toggle = (id: string) =>
    setSelected((now) => {
      const next = new Set(now);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="stack" aria-labelledby="accounts-title">
      <h2 id="accounts-title" className="section-title">
        {t('portfolio.accounts.title', { count: rows.length })}
      </h2>
      <BatchBar ids={chosen} session={session} members={members} onDone={() => setSelected(new Set())} />
      <table className="deal-table" data-testid="portfolio-table">
        <thead>
          <tr>
            <th scope="col" className="no-print">
              <input
                type="checkbox"
                aria-label={t('portfolio.accounts.selectShown')}
                checked={allShownSelected}
                onChange={() =>
                  setSelected((now) => {
                    const next = new Set(now);
                    for (const id of visibleIds) {
                      if (allShownSelected) next.delete(id);
                      else next.add(id);
                    }
                    return next;
                  })
                }
              />
            </th>
            {header('name', t('portfolio.col.account'))}
            {header('tier', t('board.tier'))}
            {header('owner', t('deal.owner'))}
            {header('value', t('portfolio.col.value'))}
            {header('daysSince', t('portfolio.col.lastTouch'))}
            {header('nextReviewAt', t('portfolio.col.nextReview'))}
            <th scope="col">{t('portfolio.col.score')}</th>
            <th scope="col">{t('portfolio.col.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, shown).map((r) => (
            <tr key={r.id} data-account={r.id}>
              <td className="no-print">
                <input
                  type="checkbox"
                  aria-label={t('portfolio.accounts.select', { name: r.name })}
                  checked={selected.has(r.id)}
                  onChange={() => toggle(r.id)}
                />
              </td>
              <th scope="row">
                <button type="button" className="btn link" onClick={() => onOpen(r.id)}>
                  {r.name}
                </button>
              </th>
              <td>
                <span className={`tier ${r.tier}`}>{r.tier}</span>
              </td>
              <td data-col="owner">{memberName(r.ownerId)}</td>
              <td className="num">{r.value === null ? '—' : formatMoney(r.value, currency)}</td>
              <td className={r.covered ? undefined : 'warn'}>
                {r.daysSince === null ? t('portfolio.never') : t('board.days', { count: r.daysSince })}
              </td>
              <td>{r.nextReviewAt === null ? '—' : formatDate(r.nextReviewAt)}</td>
              <td className="num">{r.composite === null ? '—' : formatNumber(r.composite)}</td>
              <td>
                {[
                  r.decaying ? t('portfolio.flag.decaying') : null,
                  r.singleThreaded ? t('portfolio.flag.singleThreaded') : null,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="empty">{t('portfolio.accounts.none')}</p> : null}
      {rows.length > shown ? (
        <button type="button" className="btn no-print" onClick={() => setShown(shown + PAGE * 5)}>
          {t('board.showMore', { count: Math.min(PAGE * 5, rows.length - shown) })}
        </button>
      ) : null}
    </section>
  );
}

type BatchKind = 'owner' | 'review' | 'tier';

/** The selected accounts' one change: an owner, a review date or a tier, written as one batch. */
function BatchBar({
  ids,
  session,
  members,
  onDone,
}: {
  ids: readonly string[];
  session: Session;
  members: readonly { id: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useT();
  const { run, busy, status } = useAction();
  const [kind, setKind] = useState<BatchKind>('owner');
  const [owner, setOwner] = useState(session.member.id);
  const [tier, setTier] = useState<Tier>('A');
  const [day, setDay] = useState('');
  const apply = () => {
    let change: AccountsChange;
    if (kind === 'owner') change = { ownerId: owner || null };
    else if (kind === 'tier') change = { tier };
    else {
      const [y, m, d] = day.split('-').map(Number);
      if (!y || !m || !d) return;
      change = { nextReviewAt: startOfDay({ year: y, month: m, day: d }, localTimeZone()) };
    }
    const count = ids.length;
    void run(
      async () => {
        await changeAccounts(getDb(), ids, change, authorOf(session));
        onDone();
      },
      t('portfolio.batch.done', { count }),
    );
  };
  return (
    <form
      className="row wrap batch-bar no-print"
      aria-label={t('portfolio.batch.label')}
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <span role="status">{t('portfolio.batch.selected', { count: ids.length })}</span>
      <label className="field">
        {t('portfolio.batch.change')}
        <select value={kind} onChange={(e) => setKind(e.target.value as BatchKind)}>
          <option value="owner">{t('portfolio.batch.owner')}</option>
          <option value="review">{t('portfolio.batch.review')}</option>
          <option value="tier">{t('portfolio.batch.tier')}</option>
        </select>
      </label>
      {kind === 'owner' ? (
        <label className="field">
          {t('portfolio.batch.to')}
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === session.member.id ? `${m.name} (${t('email.you')})` : m.name}
              </option>
            ))}
            <option value="">{t('ka.nobody')}</option>
          </select>
        </label>
      ) : kind === 'tier' ? (
        <label className="field">
          {t('portfolio.batch.to')}
          <select value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
            {TIERS.map((x) => (
              <option key={x} value={x}>
                {t('account.tier', { tier: x })}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="field">
          {t('portfolio.batch.on')}
          <input type="date" value={day} required onChange={(e) => setDay(e.target.value)} />
        </label>
      )}
      <button type="submit" className="btn primary" disabled={busy || ids.length === 0}>
        {t('portfolio.batch.apply', { count: ids.length })}
      </button>
      {status}
    </form>
  );
}
