import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { DEFAULT_CADENCE_DAYS } from '../../shared/prompts';
import { pipelinesOf, quarterOf } from '../../shared/deals';
import type { Pipeline, Settings } from '../../shared/records';
import { useTeamSettings } from '../hooks/use-deals';
import { getDb, type Session } from '../lib/db';
import { useT } from '../i18n/react';
import { createFromUi, errorMessage } from '../ui/actions';
import { authorOf } from '../ui/author';
import { saveDealSettings, type DealSettings } from '../ui/deal-writes';
import { todayDay } from '../ui/format';
import { ErrorLine } from './ErrorLine';
import { slugId } from '../ui/slug';

/**
 * Options → Pipelines and forecast: the team's pipelines and their stages (names, order, default
 * probability), its currency and the rates other currencies convert by, and quarterly targets.
 * Removing a stage moves its open deals to the stage before it, in the same save.
 */
export function PipelineSettings({ session }: { session: Session }) {
  const { t } = useT();
  const settings = useTeamSettings();
  const openByStage = useLiveQuery(async () => {
    const counts = new Map<string, number>();
    await getDb()
      .deals.filter((d) => !d.deleted && d.status === 'open')
      .each((d) => counts.set(`${d.pipelineId}/${d.stageId}`, (counts.get(`${d.pipelineId}/${d.stageId}`) ?? 0) + 1));
    return counts;
  }, []);
  const [draft, setDraft] = useState<DealSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [newRate, setNewRate] = useState({ currency: '', rate: '' });
  const [newTarget, setNewTarget] = useState({ quarter: quarterOf(todayDay()), amount: '' });
  if (settings === undefined) return <p className="muted">{t('common.loading')}</p>;
  const current: DealSettings = draft ?? {
    pipelines: structuredClone(pipelinesOf(settings ?? undefined)) as Pipeline[],
    currency: settings?.currency ?? 'EUR',
    currencyRates: settings?.currencyRates ?? {},
    forecastTargets: settings?.forecastTargets ?? {},
  };
  const edit = (next: Partial<DealSettings>) => {
    setDraft({ ...current, ...next });
    setSaved(null);
  };
  const editPipeline = (index: number, next: Pipeline) =>
    edit({ pipelines: current.pipelines.map((p, i) => (i === index ? next : p)) });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const db = getDb();
      const record: Settings = settings ?? (await createFromUi('settings', { cadenceDays: DEFAULT_CADENCE_DAYS }));
      const cleaned: DealSettings = {
        ...current,
        currency: current.currency.trim().toUpperCase(),
        pipelines: current.pipelines.map((p) => ({
          ...p,
          name: p.name.trim(),
          stages: p.stages.map((s) => ({ ...s, name: s.name.trim() })),
        })),
      };
      const moved = await saveDealSettings(db, record, cleaned, authorOf(session));
      setDraft(null);
      setSaved(moved ? t('pipelines.savedMoved', { count: moved }) : t('common.saved'));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="card stack" aria-label={t('pipelines.title')} onSubmit={save} data-testid="pipeline-settings">
      <h2 className="section-title">{t('pipelines.title')}</h2>
      <p className="muted">{t('pipelines.help')}</p>
      {current.pipelines.map((pipeline, pi) => (
        <fieldset key={pipeline.id} className="stack">
          <legend>{pipeline.name || t('pipelines.unnamed')}</legend>
          <div className="row">
            <label className="field grow">
              {t('pipelines.name')}
              <input
                value={pipeline.name}
                maxLength={200}
                required
                onChange={(e) => editPipeline(pi, { ...pipeline, name: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="btn small"
              disabled={current.pipelines.length === 1}
              aria-label={t('settings.removeFor', { name: pipeline.name })}
              onClick={() => edit({ pipelines: current.pipelines.filter((_, i) => i !== pi) })}
            >
              {t('team.remove')}
            </button>
          </div>
          <table className="small">
            <thead>
              <tr>
                <th scope="col">{t('pipelines.stage')}</th>
                <th scope="col">{t('pipelines.probability')}</th>
                <th scope="col">{t('pipelines.openDeals')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('pipelines.order')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pipeline.stages.map((stage, si) => {
                const open = openByStage?.get(`${pipeline.id}/${stage.id}`) ?? 0;
                const setStages = (stages: Pipeline['stages']) => editPipeline(pi, { ...pipeline, stages });
                const swap = (a: number, b: number) => {
                  const stages = [...pipeline.stages];
                  [stages[a], stages[b]] = [stages[b]!, stages[a]!];
                  setStages(stages);
                };
                return (
                  <tr key={stage.id}>
                    <td>
                      <input
                        aria-label={t('pipelines.stageName', { n: si + 1 })}
                        value={stage.name}
                        maxLength={200}
                        required
                        onChange={(e) =>
                          setStages(pipeline.stages.map((s, i) => (i === si ? { ...s, name: e.target.value } : s)))
                        }
                      />
                    </td>
                    <td>
                      <input
                        className="score"
                        type="number"
                        min={0}
                        max={100}
                        aria-label={t('pipelines.probabilityOf', { stage: stage.name })}
                        value={stage.probability}
                        onChange={(e) =>
                          setStages(
                            pipeline.stages.map((s, i) =>
                              i === si ? { ...s, probability: Math.round(Number(e.target.value)) } : s,
                            ),
                          )
                        }
                      />
                      %
                    </td>
                    <td className="num">{open}</td>
                    <td className="row">
                      <button
                        type="button"
                        className="btn small"
                        disabled={si === 0}
                        aria-label={t('pipelines.up', { stage: stage.name })}
                        onClick={() => swap(si, si - 1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn small"
                        disabled={si === pipeline.stages.length - 1}
                        aria-label={t('pipelines.down', { stage: stage.name })}
                        onClick={() => swap(si, si + 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="btn small"
                        disabled={pipeline.stages.length === 1}
                        aria-label={t('settings.removeFor', { name: stage.name })}
                        title={open ? t('pipelines.removeMoves', { count: open }) : undefined}
                        onClick={() => setStages(pipeline.stages.filter((_, i) => i !== si))}
                      >
                        {t('team.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            className="btn small"
            disabled={pipeline.stages.length >= 20}
            onClick={() =>
              editPipeline(pi, {
                ...pipeline,
                stages: [
                  ...pipeline.stages,
                  {
                    id: slugId(
                      t('pipelines.newStage'),
                      pipeline.stages.map((s) => s.id),
                    ),
                    name: t('pipelines.newStage'),
                    probability: 50,
                  },
                ],
              })
            }
          >
            {t('pipelines.addStage')}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="btn small"
        disabled={current.pipelines.length >= 10}
        onClick={() =>
          edit({
            pipelines: [
              ...current.pipelines,
              {
                id: slugId(
                  t('pipelines.newPipeline'),
                  current.pipelines.map((p) => p.id),
                ),
                name: t('pipelines.newPipeline'),
                stages: [{ id: 'open', name: t('pipelines.newStage'), probability: 20 }],
              },
            ],
          })
        }
      >
        {t('pipelines.addPipeline')}
      </button>

      <fieldset className="stack">
        <legend>{t('pipelines.currencies')}</legend>
        <label className="field">
          {t('pipelines.teamCurrency')}
          <input
            value={current.currency}
            maxLength={3}
            size={4}
            pattern="[A-Za-z]{3}"
            required
            onChange={(e) => edit({ currency: e.target.value.toUpperCase() })}
          />
        </label>
        <p className="muted small">{t('pipelines.ratesHelp', { currency: current.currency })}</p>
        <ul className="list">
          {Object.entries(current.currencyRates).map(([code, rate]) => (
            <li key={code} className="row small">
              {t('pipelines.rate', { code, rate: String(rate), currency: current.currency })}
              <button
                type="button"
                className="btn small"
                aria-label={t('settings.removeFor', { name: code })}
                onClick={() => {
                  const { [code]: _gone, ...rest } = current.currencyRates;
                  edit({ currencyRates: rest });
                }}
              >
                {t('team.remove')}
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          <label className="field">
            {t('deal.currency')}
            <input
              value={newRate.currency}
              maxLength={3}
              size={4}
              onChange={(e) => setNewRate({ ...newRate, currency: e.target.value.toUpperCase() })}
            />
          </label>
          <label className="field">
            {t('pipelines.rateValue', { currency: current.currency })}
            <input
              inputMode="decimal"
              value={newRate.rate}
              onChange={(e) => setNewRate({ ...newRate, rate: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="btn small"
            disabled={!/^[A-Z]{3}$/.test(newRate.currency) || !(Number(newRate.rate.replace(',', '.')) > 0)}
            onClick={() => {
              edit({
                currencyRates: { ...current.currencyRates, [newRate.currency]: Number(newRate.rate.replace(',', '.')) },
              });
              setNewRate({ currency: '', rate: '' });
            }}
          >
            {t('pipelines.addRate')}
          </button>
        </div>
      </fieldset>

      <fieldset className="stack">
        <legend>{t('pipelines.targets')}</legend>
        <ul className="list">
          {Object.entries(current.forecastTargets)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([quarter, amount]) => (
              <li key={quarter} className="row small">
                {t('pipelines.target', { quarter, amount: String(amount), currency: current.currency })}
                <button
                  type="button"
                  className="btn small"
                  aria-label={t('settings.removeFor', { name: quarter })}
                  onClick={() => {
                    const { [quarter]: _gone, ...rest } = current.forecastTargets;
                    edit({ forecastTargets: rest });
                  }}
                >
                  {t('team.remove')}
                </button>
              </li>
            ))}
        </ul>
        <div className="row">
          <label className="field">
            {t('board.quarter')}
            <input
              value={newTarget.quarter}
              maxLength={7}
              size={8}
              placeholder={quarterOf(todayDay())}
              onChange={(e) => setNewTarget({ ...newTarget, quarter: e.target.value.toUpperCase() })}
            />
          </label>
          <label className="field">
            {t('pipelines.targetValue', { currency: current.currency })}
            <input
              inputMode="decimal"
              value={newTarget.amount}
              onChange={(e) => setNewTarget({ ...newTarget, amount: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="btn small"
            disabled={
              !/^\d{4}-Q[1-4]$/.test(newTarget.quarter) ||
              !(Number(newTarget.amount.replace(/[\s,]/g, '')) >= 0) ||
              !newTarget.amount.trim()
            }
            onClick={() => {
              edit({
                forecastTargets: {
                  ...current.forecastTargets,
                  [newTarget.quarter]: Number(newTarget.amount.replace(/[\s,]/g, '')),
                },
              });
              setNewTarget({ ...newTarget, amount: '' });
            }}
          >
            {t('pipelines.addTarget')}
          </button>
        </div>
      </fieldset>
      <ErrorLine message={error} />
      {saved ? (
        <p className="ok" role="status">
          {saved}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="btn primary" disabled={!draft}>
          {t('pipelines.save')}
        </button>
        {draft ? (
          <button type="button" className="btn" onClick={() => setDraft(null)}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
