import { useState } from 'react';
import { useT } from '../i18n/react';
import { formatDay, formatMoney } from '../ui/format';
import { sortRows, type DealRow, type SortKey } from '../ui/pipeline-view';

const COLUMNS: {
  key: SortKey;
  label:
    | 'deal.name'
    | 'deal.account'
    | 'deal.stage'
    | 'deal.amount'
    | 'deal.closeDate'
    | 'deal.probability'
    | 'deal.owner'
    | 'board.idle';
}[] = [
  { key: 'name', label: 'deal.name' },
  { key: 'account', label: 'deal.account' },
  { key: 'stage', label: 'deal.stage' },
  { key: 'amount', label: 'deal.amount' },
  { key: 'closeDate', label: 'deal.closeDate' },
  { key: 'probability', label: 'deal.probability' },
  { key: 'owner', label: 'deal.owner' },
  { key: 'idle', label: 'board.idle' },
];

const ROWS_SHOWN = 500;

/** The deals as a table that sorts by any column (click a header, again to reverse). */
export function DealTable({
  rows,
  currency,
  onOpen,
}: {
  rows: DealRow[];
  currency: string;
  onOpen: (dealId: string) => void;
}) {
  const { t } = useT();
  const [sort, setSort] = useState<{ key: SortKey; direction: 1 | -1 }>({ key: 'closeDate', direction: 1 });
  const sorted = sortRows(rows, sort.key, sort.direction);
  const shown = sorted.slice(0, ROWS_SHOWN);
  if (!rows.length) return <p className="empty">{t('board.noDeals')}</p>;
  return (
    <div className="stack">
      <table className="deal-table" data-testid="deal-table">
        <caption className="visually-hidden">{t('board.listCaption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.direction === 1 ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  type="button"
                  className="btn link"
                  onClick={() =>
                    setSort((s) => ({ key: c.key, direction: s.key === c.key ? (-s.direction as 1 | -1) : 1 }))
                  }
                >
                  {t(c.label)}
                  {sort.key === c.key ? (sort.direction === 1 ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.deal.id}>
              <td>
                <button type="button" className="btn link" onClick={() => onOpen(row.deal.id)}>
                  {row.deal.name}
                </button>
              </td>
              <td>{row.accountName}</td>
              <td>
                {row.deal.status === 'open' ? row.stage : t(row.deal.status === 'won' ? 'deal.won' : 'deal.lost')}
              </td>
              <td className="num">
                {row.value !== null
                  ? formatMoney(row.value, currency)
                  : formatMoney(row.deal.amount ?? 0, row.deal.currency)}
              </td>
              <td>{row.deal.closeDate ? formatDay(row.deal.closeDate) : '—'}</td>
              <td className="num">{row.probability}%</td>
              <td>{row.ownerName}</td>
              <td className="num">{row.deal.status === 'open' ? t('board.days', { count: row.idle }) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > shown.length ? (
        <p className="muted small">{t('board.rowsShown', { shown: shown.length, count: sorted.length })}</p>
      ) : null}
    </div>
  );
}
