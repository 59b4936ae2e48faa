import { forecast, shiftQuarter, type ForecastFigures } from '../../shared/deals';
import type { Deal, Pipeline, Settings } from '../../shared/records';
import { useT } from '../i18n/react';
import { formatMoney } from '../ui/format';

/**
 * A quarter's forecast, per owner and for the team: committed (won), weighted (amount × probability,
 * won included) and best case, in the team's currency, against the team's target when it set one.
 * Deals in a currency without a rate are summed apart, in their own currency.
 */
export function ForecastView({
  deals,
  settings,
  quarter,
  onQuarter,
  memberName,
}: {
  deals: readonly Deal[];
  settings: Pick<Settings, 'currency' | 'currencyRates' | 'forecastTargets'> & { pipelines: readonly Pipeline[] };
  quarter: string;
  onQuarter: (quarter: string) => void;
  memberName: (id: string | null) => string;
}) {
  const { t } = useT();
  const result = forecast(deals, settings, quarter);
  const money = (n: number, currency = settings.currency) => formatMoney(n, currency);
  const owners = [...result.byOwner.entries()].sort((a, b) => b[1].weighted - a[1].weighted);
  const row = (label: string, f: ForecastFigures, currency?: string, header = false) => (
    <tr key={label} className={header ? 'total' : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{money(f.committed, currency)}</td>
      <td className="num">{money(f.weighted, currency)}</td>
      <td className="num">{money(f.bestCase, currency)}</td>
      <td className="num">{f.deals}</td>
    </tr>
  );
  const target = result.target;
  const share = target ? Math.min(100, Math.round((result.total.committed / target) * 100)) : null;
  return (
    <section className="stack" aria-label={t('forecast.title', { quarter })} data-testid="forecast">
      <div className="row">
        <button
          type="button"
          className="btn small"
          aria-label={t('forecast.previous')}
          onClick={() => onQuarter(shiftQuarter(quarter, -1))}
        >
          ◀
        </button>
        <h2 style={{ margin: 0, fontSize: 16 }}>{t('forecast.title', { quarter })}</h2>
        <button
          type="button"
          className="btn small"
          aria-label={t('forecast.next')}
          onClick={() => onQuarter(shiftQuarter(quarter, 1))}
        >
          ▶
        </button>
      </div>
      {target !== null ? (
        <div className="stack-tight">
          <span className="small">
            {t('forecast.target', {
              target: money(target),
              committed: money(result.total.committed),
              weighted: money(result.total.weighted),
            })}
          </span>
          <meter min={0} max={100} value={share ?? 0} aria-label={t('forecast.targetShare', { percent: share ?? 0 })} />
        </div>
      ) : (
        <p className="muted small">{t('forecast.noTarget')}</p>
      )}
      <table className="deal-table">
        <caption className="visually-hidden">{t('forecast.caption', { quarter, currency: settings.currency })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('deal.owner')}</th>
            <th scope="col">{t('forecast.committed')}</th>
            <th scope="col">{t('forecast.weighted')}</th>
            <th scope="col">{t('forecast.bestCase')}</th>
            <th scope="col">{t('forecast.deals')}</th>
          </tr>
        </thead>
        <tbody>
          {owners.map(([owner, figures]) => row(memberName(owner || null), figures))}
          {row(t('forecast.team'), result.total, undefined, true)}
        </tbody>
      </table>
      {owners.length === 0 ? <p className="muted small">{t('forecast.empty', { quarter })}</p> : null}
      {result.apart.size ? (
        <div className="stack-tight">
          <strong className="small">{t('forecast.apart')}</strong>
          <table className="deal-table">
            <tbody>{[...result.apart.entries()].map(([currency, f]) => row(currency, f, currency))}</tbody>
          </table>
        </div>
      ) : null}
      {result.undated ? <p className="muted small">{t('forecast.undated', { count: result.undated })}</p> : null}
    </section>
  );
}
