import type { PortfolioView } from '../../../shared/portfolio/view';
import { useT } from '../../i18n/react';
import { formatDate, formatMoney, formatPercent } from '../../ui/format';
import { BarChart, ChartFigure, CumulativeChart, Legend, type BarRow, type BarSeries } from './Charts';

export interface SectionProps {
  view: PortfolioView;
  memberName: (id: string | null) => string;
  onOpen: (accountId: string) => void;
  currency: string;
}

/** An account's name as a button that opens it in the side panel. */
function AccountLink({ id, name, onOpen }: { id: string; name: string; onOpen: (id: string) => void }) {
  const { t } = useT();
  return (
    <button type="button" className="btn link" onClick={() => onOpen(id)} title={t('portfolio.openInPanel')}>
      {name}
    </button>
  );
}

const SHOWN = 10;

/** Coverage: per tier and per owner, the share touched within cadence; the accounts untouched this quarter. */
export function Coverage({ view, memberName }: Pick<SectionProps, 'view' | 'memberName'>) {
  const { t } = useT();
  const series: BarSeries[] = [
    { key: 'covered', label: t('portfolio.coverage.covered'), className: 'fill-ok' },
    { key: 'late', label: t('portfolio.coverage.late'), className: 'fill-muted' },
  ];
  const { total } = view.coverage;
  const chart = (
    groups: PortfolioView['coverage']['byTier'],
    label: (key: string) => string,
    testId: string,
    title: string,
  ) => {
    const rows: BarRow[] = groups.map((g) => ({
      key: g.key,
      label: label(g.key),
      values: g.accounts ? [g.covered / g.accounts, (g.accounts - g.covered) / g.accounts] : [0, 0],
      note: t('portfolio.coverage.note', { covered: g.covered, accounts: g.accounts }),
    }));
    const summary = groups
      .map((g) =>
        t('portfolio.coverage.groupSummary', {
          group: label(g.key),
          share: formatPercent(g.accounts ? g.covered / g.accounts : 0),
          covered: g.covered,
          accounts: g.accounts,
          untouched: g.untouched,
        }),
      )
      .join(' ');
    return (
      <ChartFigure
        title={title}
        summary={summary}
        testId={testId}
        table={
          <table className="deal-table">
            <thead>
              <tr>
                <th scope="col">{title}</th>
                <th scope="col">{t('portfolio.col.accounts')}</th>
                <th scope="col">{t('portfolio.coverage.covered')}</th>
                <th scope="col">{t('portfolio.col.share')}</th>
                <th scope="col">{t('portfolio.coverage.untouched')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-group={g.key}>
                  <th scope="row">{label(g.key)}</th>
                  <td className="num">{g.accounts}</td>
                  <td className="num">{g.covered}</td>
                  <td className="num">{formatPercent(g.accounts ? g.covered / g.accounts : 0)}</td>
                  <td className="num">{g.untouched}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <BarChart rows={rows} series={series} summary={summary} max={1} />
        <Legend series={series} />
      </ChartFigure>
    );
  };
  return (
    <section className="stack" aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="section-title">
        {t('portfolio.coverage.title')}
      </h2>
      <p data-testid="coverage-total">
        {t('portfolio.coverage.total', {
          share: formatPercent(total.accounts ? total.covered / total.accounts : 0),
          covered: total.covered,
          accounts: total.accounts,
          untouched: total.untouched,
        })}
      </p>
      <div className="chart-grid">
        {chart(
          view.coverage.byTier,
          (tier) => t('account.tier', { tier }),
          'coverage-tier',
          t('portfolio.coverage.byTier'),
        )}
        {chart(
          view.coverage.byOwner,
          (id) => memberName(id || null),
          'coverage-owner',
          t('portfolio.coverage.byOwner'),
        )}
      </div>
    </section>
  );
}

/** Key accounts decaying, ranked, each with its reasons in words. */
export function Decay({ view, onOpen, memberName }: SectionProps) {
  const { t, words } = useT();
  return (
    <section className="card stack" aria-labelledby="decay-title" data-testid="decay">
      <h2 id="decay-title" className="section-title">
        {t('portfolio.decay.title', { count: view.decay.length })}
      </h2>
      {view.decay.length === 0 ? (
        <p className="empty">{t('portfolio.decay.none')}</p>
      ) : (
        <ol className="stack ranked">
          {view.decay.slice(0, SHOWN * 2).map((row) => (
            <li key={row.id} data-account={row.id}>
              <AccountLink id={row.id} name={row.name} onOpen={onOpen} />{' '}
              <span className="muted">· {memberName(row.ownerId)}</span>
              <ul className="reasons">
                {row.reasons.map((r) => (
                  <li key={r.key}>{words(r)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {view.decay.length > SHOWN * 2 ? (
        <p className="muted">{t('portfolio.moreInTable', { count: view.decay.length - SHOWN * 2 })}</p>
      ) : null}
    </section>
  );
}

/** Reviews due and overdue, per owner, and how the last reviews ended. */
export function Reviews({ view, onOpen, memberName }: SectionProps) {
  const { t } = useT();
  const series: BarSeries[] = [
    { key: 'overdue', label: t('portfolio.reviews.overdue'), className: 'fill-danger' },
    { key: 'due', label: t('portfolio.reviews.due'), className: 'fill-accent' },
  ];
  const { byOwner, rows, outcomes } = view.reviews;
  const summary =
    byOwner.length === 0
      ? t('portfolio.reviews.none')
      : byOwner
          .map((o) =>
            t('portfolio.reviews.ownerSummary', {
              owner: memberName(o.ownerId || null),
              overdue: o.overdue,
              due: o.due,
            }),
          )
          .join(' ');
  return (
    <ChartFigure
      title={t('portfolio.reviews.title')}
      summary={summary}
      testId="reviews"
      table={
        <table className="deal-table">
          <thead>
            <tr>
              <th scope="col">{t('deal.owner')}</th>
              <th scope="col">{t('portfolio.reviews.overdue')}</th>
              <th scope="col">{t('portfolio.reviews.due')}</th>
            </tr>
          </thead>
          <tbody>
            {byOwner.map((o) => (
              <tr key={o.ownerId}>
                <th scope="row">{memberName(o.ownerId || null)}</th>
                <td className="num">{o.overdue}</td>
                <td className="num">{o.due}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {byOwner.length ? (
        <>
          <BarChart
            rows={byOwner.map((o) => ({
              key: o.ownerId,
              label: memberName(o.ownerId || null),
              values: [o.overdue, o.due],
              note: t('portfolio.reviews.note', { overdue: o.overdue, due: o.due }),
            }))}
            series={series}
            summary={summary}
          />
          <Legend series={series} />
        </>
      ) : null}
      <p className="muted">
        {t('portfolio.reviews.outcomes', {
          keep: outcomes.keep,
          changed: outcomes['change-tier'],
          plan: outcomes['new-plan'],
        })}
      </p>
      {rows.length ? (
        <ul className="stack-tight">
          {rows.slice(0, SHOWN).map((r) => (
            <li key={r.id} className={r.overdue ? 'overdue' : undefined}>
              <AccountLink id={r.id} name={r.name} onOpen={onOpen} />{' '}
              <span className="muted">
                {r.overdue
                  ? t('portfolio.reviews.overdueSince', { date: formatDate(r.dueAt) })
                  : t('portfolio.reviews.dueOn', { date: formatDate(r.dueAt) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </ChartFigure>
  );
}

/** The 80/20 picture and the accounts whose tier no longer fits their value or score. */
export function Pareto({ view, onOpen, currency }: SectionProps) {
  const { t, words } = useT();
  const { rows, total, mismatches } = view.pareto;
  const topA = rows.findIndex((r) => r.cumulative >= 0.8);
  const summary =
    total > 0
      ? t('portfolio.pareto.summary', {
          count: topA + 1,
          accounts: rows.length,
          share: formatPercent(rows.length ? (topA + 1) / rows.length : 0),
          mismatches: mismatches.length,
        })
      : t('portfolio.pareto.noValues');
  return (
    <ChartFigure
      title={t('portfolio.pareto.title')}
      summary={summary}
      testId="pareto"
      table={
        <table className="deal-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('portfolio.col.account')}</th>
              <th scope="col">{t('board.tier')}</th>
              <th scope="col">{t('portfolio.col.value')}</th>
              <th scope="col">{t('portfolio.col.share')}</th>
              <th scope="col">{t('portfolio.col.cumulative')}</th>
              <th scope="col">{t('portfolio.pareto.byValue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 100).map((r, i) => (
              <tr key={r.id}>
                <td className="num">{i + 1}</td>
                <th scope="row">{r.name}</th>
                <td>{r.tier}</td>
                <td className="num">{r.value === null ? '—' : formatMoney(r.value, currency)}</td>
                <td className="num">{formatPercent(r.share)}</td>
                <td className="num">{formatPercent(r.cumulative)}</td>
                <td>{r.byValue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {total > 0 ? (
        <>
          <CumulativeChart points={rows} summary={summary} />
          <Legend
            series={(['A', 'B', 'C'] as const).map((tier) => ({
              key: tier,
              label: t('account.tier', { tier }),
              className: `fill-tier-${tier}`,
            }))}
          />
        </>
      ) : (
        <p className="empty">{t('portfolio.pareto.noValues')}</p>
      )}
      <h4>{t('portfolio.pareto.mismatches', { count: mismatches.length })}</h4>
      {mismatches.length ? (
        <ul className="stack-tight" data-testid="mismatches">
          {mismatches.slice(0, SHOWN).map((r) => (
            <li key={r.id} data-account={r.id}>
              <AccountLink id={r.id} name={r.name} onOpen={onOpen} />{' '}
              <span className="muted">
                {t('account.tier', { tier: r.tier })}: {r.mismatch.map(words).join('; ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </ChartFigure>
  );
}

/** This year's plan goals by due date with their progress; key accounts without a plan. */
export function Plans({ view, onOpen }: SectionProps) {
  const { t } = useT();
  const { goals, missing, keyWithPlan } = view.plans;
  const shown = goals.slice(0, SHOWN);
  const series: BarSeries[] = [
    { key: 'done', label: t('portfolio.plans.progress'), className: 'fill-ok' },
    { key: 'left', label: t('portfolio.plans.left'), className: 'fill-muted' },
  ];
  const summary = t('portfolio.plans.summary', {
    goals: goals.length,
    late: goals.filter((g) => g.overdue).length,
    withPlan: keyWithPlan,
    missing: missing.length,
  });
  return (
    <ChartFigure
      title={t('portfolio.plans.title')}
      summary={summary}
      testId="plans"
      table={
        <table className="deal-table">
          <thead>
            <tr>
              <th scope="col">{t('portfolio.col.account')}</th>
              <th scope="col">{t('portfolio.plans.goal')}</th>
              <th scope="col">{t('portfolio.plans.dueAt')}</th>
              <th scope="col">{t('portfolio.plans.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {goals.slice(0, 100).map((g) => (
              <tr key={g.key} className={g.overdue ? 'overdue' : undefined}>
                <td>{g.accountName}</td>
                <th scope="row">{g.title}</th>
                <td>{g.dueAt === null ? '—' : formatDate(g.dueAt)}</td>
                <td className="num">{formatPercent(g.progress / 100)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {shown.length ? (
        <BarChart
          rows={shown.map((g) => ({
            key: g.key,
            label: `${g.accountName}: ${g.title}`,
            values: [g.progress / 100, 1 - g.progress / 100],
            note: `${formatPercent(g.progress / 100)}${g.dueAt === null ? '' : ` · ${formatDate(g.dueAt)}`}`,
          }))}
          series={series}
          summary={summary}
          max={1}
        />
      ) : (
        <p className="empty">{t('portfolio.plans.noGoals')}</p>
      )}
      <h4>{t('portfolio.plans.missing', { count: missing.length })}</h4>
      {missing.length ? (
        <ul className="row wrap plain-list" data-testid="missing-plans">
          {missing.slice(0, SHOWN * 2).map((r) => (
            <li key={r.id}>
              <AccountLink id={r.id} name={r.name} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      ) : null}
    </ChartFigure>
  );
}

/** Pipeline and this quarter's forecast per deal owner. */
export function Pipeline({ view, memberName, currency }: SectionProps) {
  const { t } = useT();
  const { byOwner, total, quarter, unconverted } = view.pipeline;
  const money = (n: number) => formatMoney(Math.round(n), currency, { compact: true });
  const series: BarSeries[] = [
    { key: 'weighted', label: t('portfolio.pipeline.weighted'), className: 'fill-accent' },
    { key: 'rest', label: t('portfolio.pipeline.rest'), className: 'fill-muted' },
  ];
  const summary = byOwner.length
    ? t('portfolio.pipeline.summary', {
        open: money(total.open),
        weighted: money(total.weighted),
        deals: total.openDeals,
      })
    : t('portfolio.pipeline.none');
  return (
    <ChartFigure
      title={t('portfolio.pipeline.title', { quarter })}
      summary={summary}
      testId="pipeline"
      table={
        <table className="deal-table">
          <thead>
            <tr>
              <th scope="col">{t('deal.owner')}</th>
              <th scope="col">{t('portfolio.pipeline.open')}</th>
              <th scope="col">{t('portfolio.pipeline.weighted')}</th>
              <th scope="col">{t('forecast.committed')}</th>
              <th scope="col">{t('forecast.bestCase')}</th>
            </tr>
          </thead>
          <tbody>
            {[...byOwner, total].map((o) => (
              <tr key={o.ownerId} className={o === total ? 'total' : undefined}>
                <th scope="row">{o === total ? t('portfolio.pipeline.team') : memberName(o.ownerId || null)}</th>
                <td className="num">{formatMoney(o.open, currency)}</td>
                <td className="num">{formatMoney(Math.round(o.weighted), currency)}</td>
                <td className="num">{formatMoney(o.quarter.committed, currency)}</td>
                <td className="num">{formatMoney(o.quarter.bestCase, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {byOwner.length ? (
        <>
          <BarChart
            rows={byOwner.map((o) => ({
              key: o.ownerId,
              label: memberName(o.ownerId || null),
              values: [o.weighted, Math.max(0, o.open - o.weighted)],
              note: `${money(o.weighted)} / ${money(o.open)}`,
            }))}
            series={series}
            summary={summary}
          />
          <Legend series={series} />
        </>
      ) : null}
      {unconverted ? <p className="muted">{t('board.unconverted', { count: unconverted })}</p> : null}
    </ChartFigure>
  );
}

/** Key accounts that hang on one person, on their side or ours. */
export function Threads({ view, onOpen, memberName }: SectionProps) {
  const { t } = useT();
  return (
    <section className="card stack" aria-labelledby="threads-title" data-testid="threads">
      <h2 id="threads-title" className="section-title">
        {t('portfolio.threads.title', { count: view.threads.length })}
      </h2>
      {view.threads.length === 0 ? (
        <p className="empty">{t('portfolio.threads.none')}</p>
      ) : (
        <ul className="stack-tight">
          {view.threads.slice(0, SHOWN * 2).map((r) => (
            <li key={r.id} data-account={r.id}>
              <AccountLink id={r.id} name={r.name} onOpen={onOpen} />{' '}
              <span className="muted">
                {[
                  r.people <= 1
                    ? r.theirs
                      ? t('portfolio.threads.theirs', { name: r.theirs })
                      : t('portfolio.threads.nobodyTheirs')
                    : null,
                  r.ours ? t('portfolio.threads.ours', { name: memberName(r.ours) }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t('portfolio.threads.how')}</p>
    </section>
  );
}
