import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useState } from 'react';
import { DEFAULT_CADENCE_DAYS, DEFAULT_LEAD_DAYS, PROMPT_RULES, type PromptRuleName } from '../../shared/prompts';
import { DEFAULT_CHECKLISTS, TIERS, type Settings } from '../../shared/records';
import { SCORE_FAMILIES } from '../../shared/scorecard';
import { createFromUi, errorMessage, updateFromUi } from '../ui/actions';
import { getDb } from '../lib/db';
import { teamSettings } from '../lib/team-settings';
import { ErrorLine } from './ErrorLine';
import { slugId } from '../ui/slug';

const RULE_LABELS = {
  'follow-up-due': 'rules.follow-up-due',
  'review-due': 'rules.review-due',
  'care-date': 'rules.care-date',
  'complaint-overdue': 'rules.complaint-overdue',
  'email-not-logged': 'rules.email-not-logged',
  'unknown-sender': 'rules.unknown-sender',
  'no-next-step': 'rules.no-next-step',
  'visit-checklist': 'rules.visit-checklist',
  'task-overdue': 'rules.task-overdue',
  'deal-close-passed': 'rules.deal-close-passed',
  'deal-stalled': 'rules.deal-stalled',
  'deal-renewal': 'rules.deal-renewal',
  'deal-big-no-step': 'rules.deal-big-no-step',
  'deal-won-kickoff': 'rules.deal-won-kickoff',
} as const satisfies Record<PromptRuleName, string>;

type Draft = Pick<
  Settings,
  'cadenceDays' | 'promptRules' | 'tierThresholds' | 'scoreTierThresholds' | 'checklists' | 'scorecard'
>;

/** Options → Team settings: cadences, prompt rules and lead days, 80/20 thresholds, checklists, scorecard. Shared with the team. */
export function TeamSettingsForm() {
  const { t } = useT();
  const settings = useLiveQuery(async () => (await teamSettings(getDb())) ?? null, []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (settings === undefined) return <p className="muted">{t('common.loading')}</p>;
  const current: Draft = draft ?? {
    cadenceDays: settings?.cadenceDays ?? DEFAULT_CADENCE_DAYS,
    promptRules: settings?.promptRules ?? {},
    tierThresholds: settings?.tierThresholds ?? { a: 0.8, b: 0.95 },
    scoreTierThresholds: settings?.scoreTierThresholds ?? { a: 7, b: 4 },
    checklists: settings?.checklists ?? DEFAULT_CHECKLISTS,
    scorecard: settings?.scorecard ?? [],
  };
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...current, ...patch });
    setSaved(false);
  };
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      // Blank lines in a checklist are not steps.
      const cleaned = {
        ...current,
        checklists: current.checklists.map((c) => ({ ...c, steps: c.steps.map((s) => s.trim()).filter(Boolean) })),
      };
      if (settings) await updateFromUi('settings', settings.id, cleaned);
      else await createFromUi('settings', cleaned);
      setDraft(null);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const rule = (name: PromptRuleName) => current.promptRules[name] ?? { enabled: true };
  return (
    <form className="card stack" aria-label={t('settings.title')} onSubmit={save}>
      <h2 className="section-title">{t('settings.title')}</h2>
      <p className="muted">{t('settings.help')}</p>
      <fieldset className="plain row">
        <legend className="muted">{t('settings.cadence')}</legend>
        {TIERS.map((tier) => (
          <label key={tier} className="field">
            {t('settings.tier', { tier })}
            <input
              type="number"
              min={1}
              max={3650}
              value={current.cadenceDays[tier]}
              onChange={(e) => edit({ cadenceDays: { ...current.cadenceDays, [tier]: Number(e.target.value) } })}
            />
          </label>
        ))}
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">{t('settings.prompts')}</legend>
        {PROMPT_RULES.map((name) => (
          <div key={name} className="row small">
            <label className="row">
              <input
                type="checkbox"
                checked={rule(name).enabled}
                onChange={(e) =>
                  edit({
                    promptRules: { ...current.promptRules, [name]: { ...rule(name), enabled: e.target.checked } },
                  })
                }
              />{' '}
              {t(RULE_LABELS[name])}
            </label>
            <label className="row muted">
              {t('settings.daysAhead')}
              <input
                className="score"
                type="number"
                min={0}
                max={365}
                value={rule(name).leadDays ?? DEFAULT_LEAD_DAYS[name]}
                onChange={(e) =>
                  edit({
                    promptRules: {
                      ...current.promptRules,
                      [name]: { ...rule(name), leadDays: Number(e.target.value) },
                    },
                  })
                }
                aria-label={t('settings.daysAheadFor', { rule: t(RULE_LABELS[name]) })}
              />
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset className="plain row">
        <legend className="muted">{t('settings.pareto')}</legend>
        <label className="field">
          {t('settings.tierAPercent')}
          <input
            type="number"
            min={1}
            max={99}
            value={Math.round(current.tierThresholds.a * 100)}
            onChange={(e) => edit({ tierThresholds: { ...current.tierThresholds, a: Number(e.target.value) / 100 } })}
          />
        </label>
        <label className="field">
          {t('settings.tierABPercent')}
          <input
            type="number"
            min={2}
            max={100}
            value={Math.round(current.tierThresholds.b * 100)}
            onChange={(e) => edit({ tierThresholds: { ...current.tierThresholds, b: Number(e.target.value) / 100 } })}
          />
        </label>
      </fieldset>
      <fieldset className="plain row">
        <legend className="muted">{t('settings.scoreTiers')}</legend>
        <label className="field">
          {t('settings.tier', { tier: 'A' })}
          <input
            type="number"
            min={0}
            max={10}
            step={0.5}
            value={current.scoreTierThresholds.a}
            onChange={(e) =>
              edit({ scoreTierThresholds: { ...current.scoreTierThresholds, a: Number(e.target.value) } })
            }
          />
        </label>
        <label className="field">
          {t('settings.tier', { tier: 'B' })}
          <input
            type="number"
            min={0}
            max={10}
            step={0.5}
            value={current.scoreTierThresholds.b}
            onChange={(e) =>
              edit({ scoreTierThresholds: { ...current.scoreTierThresholds, b: Number(e.target.value) } })
            }
          />
        </label>
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">{t('settings.checklists')}</legend>
        {current.checklists.map((c, i) => (
          <div key={c.id} className="stack">
            <label className="field">
              {t('field.name')}
              <input
                value={c.name}
                onChange={(e) =>
                  edit({ checklists: current.checklists.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })
                }
              />
            </label>
            <label className="field">
              {t('settings.steps')}
              <textarea
                value={c.steps.join('\n')}
                onChange={(e) =>
                  edit({
                    checklists: current.checklists.map((x, j) =>
                      j === i ? { ...x, steps: e.target.value.split('\n') } : x,
                    ),
                  })
                }
              />
            </label>
            <div className="row">
              <button
                className="btn small"
                type="button"
                onClick={() => edit({ checklists: current.checklists.filter((_, j) => j !== i) })}
              >
                {t('settings.removeChecklist')}
              </button>
            </div>
          </div>
        ))}
        <div className="row">
          <button
            className="btn small"
            type="button"
            onClick={() =>
              edit({
                checklists: [
                  ...current.checklists,
                  {
                    id: slugId(
                      'checklist',
                      current.checklists.map((c) => c.id),
                    ),
                    name: t('settings.newChecklist'),
                    steps: [t('settings.firstStep')],
                  },
                ],
              })
            }
          >
            {t('settings.addChecklist')}
          </button>
        </div>
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">{t('settings.indicators')}</legend>
        {current.scorecard.map((ind, i) => (
          <div key={ind.id} className="row small">
            <input
              aria-label={t('settings.indicator')}
              value={ind.label}
              onChange={(e) =>
                edit({ scorecard: current.scorecard.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })
              }
            />
            <select
              aria-label={t('settings.family')}
              value={ind.family}
              onChange={(e) =>
                edit({
                  scorecard: current.scorecard.map((x, j) =>
                    j === i ? { ...x, family: e.target.value as typeof ind.family } : x,
                  ),
                })
              }
            >
              {SCORE_FAMILIES.map((f) => (
                <option key={f} value={f}>
                  {t(`family.${f}`)}
                </option>
              ))}
            </select>
            <label className="row muted">
              {t('settings.weight')}
              <input
                className="score"
                type="number"
                min={0}
                max={100}
                value={ind.weight}
                onChange={(e) =>
                  edit({
                    scorecard: current.scorecard.map((x, j) =>
                      j === i ? { ...x, weight: Number(e.target.value) } : x,
                    ),
                  })
                }
              />
            </label>
            <button
              className="btn small"
              type="button"
              aria-label={t('settings.removeFor', { name: ind.label })}
              onClick={() => edit({ scorecard: current.scorecard.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        <div className="row">
          <button
            className="btn small"
            type="button"
            onClick={() =>
              edit({
                scorecard: [
                  ...current.scorecard,
                  {
                    id: slugId(
                      'indicator',
                      current.scorecard.map((x) => x.id),
                    ),
                    label: t('settings.newIndicator'),
                    family: 'relationship',
                    weight: 10,
                  },
                ],
              })
            }
          >
            {t('settings.addIndicator')}
          </button>
        </div>
      </fieldset>
      <ErrorLine message={error} />
      {saved ? (
        <p className="ok" role="status">
          {t('settings.saved')}
        </p>
      ) : null}
      <div className="row">
        <button className="btn primary" type="submit" disabled={!draft}>
          {t('settings.save')}
        </button>
        {draft ? (
          <button className="btn" type="button" onClick={() => setDraft(null)}>
            {t('settings.discard')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
