import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { DEFAULT_CADENCE_DAYS, DEFAULT_LEAD_DAYS, PROMPT_RULES, type PromptRuleName } from '../../shared/prompts';
import { DEFAULT_CHECKLISTS, TIERS, type Settings } from '../../shared/records';
import { SCORE_FAMILIES } from '../../shared/scorecard';
import { createFromUi, errorMessage, updateFromUi } from '../lib/actions';
import { getDb } from '../lib/db';
import { teamSettings } from '../lib/team-settings';

const RULE_LABELS: Record<PromptRuleName, string> = {
  'follow-up-due': 'Follow-up due by tier cadence',
  'review-due': 'Key-account review due',
  'care-date': 'Birthdays, anniversaries and renewals ahead',
  'complaint-overdue': 'Complaint open past its promised answer',
  'email-not-logged': 'Email from a contact not logged',
  'unknown-sender': 'Unknown sender from a known account’s domain',
  'no-next-step': 'Key account with no dated next step',
  'visit-checklist': 'Planned visit checklist',
  'task-overdue': 'My tasks due or overdue',
};

type Draft = Pick<Settings, 'cadenceDays' | 'promptRules' | 'tierThresholds' | 'scoreTierThresholds' | 'checklists' | 'scorecard'>;

function slug(text: string, taken: string[]): string {
  const base = text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'item';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Options → Team settings: cadences, prompt rules and lead days, 80/20 thresholds, checklists, scorecard. Shared with the team. */
export function TeamSettingsForm() {
  const settings = useLiveQuery(async () => (await teamSettings(getDb())) ?? null, []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (settings === undefined) return <p className="muted">Loading…</p>;
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
      const cleaned = { ...current, checklists: current.checklists.map((c) => ({ ...c, steps: c.steps.map((s) => s.trim()).filter(Boolean) })) };
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
    <form className="card stack" aria-label="Team settings" onSubmit={save}>
      <h2 className="section-title">Team settings</h2>
      <p className="muted">Shared with your team: every member’s prompts follow them.</p>
      <fieldset className="plain row">
        <legend className="muted">Follow up every … days</legend>
        {TIERS.map((t) => (
          <label key={t} className="field">Tier {t}<input type="number" min={1} max={3650} value={current.cadenceDays[t]} onChange={(e) => edit({ cadenceDays: { ...current.cadenceDays, [t]: Number(e.target.value) } })} /></label>
        ))}
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">Prompts</legend>
        {PROMPT_RULES.map((name) => (
          <div key={name} className="row small">
            <label className="row"><input type="checkbox" checked={rule(name).enabled} onChange={(e) => edit({ promptRules: { ...current.promptRules, [name]: { ...rule(name), enabled: e.target.checked } } })} /> {RULE_LABELS[name]}</label>
            <label className="row muted">days ahead<input className="score" type="number" min={0} max={365} value={rule(name).leadDays ?? DEFAULT_LEAD_DAYS[name]} onChange={(e) => edit({ promptRules: { ...current.promptRules, [name]: { ...rule(name), leadDays: Number(e.target.value) } } })} aria-label={`Days ahead: ${RULE_LABELS[name]}`} /></label>
          </div>
        ))}
      </fieldset>
      <fieldset className="plain row">
        <legend className="muted">80/20 tier suggestion: accounts holding the top … of revenue</legend>
        <label className="field">Tier A (%)<input type="number" min={1} max={99} value={Math.round(current.tierThresholds.a * 100)} onChange={(e) => edit({ tierThresholds: { ...current.tierThresholds, a: Number(e.target.value) / 100 } })} /></label>
        <label className="field">Tiers A+B (%)<input type="number" min={2} max={100} value={Math.round(current.tierThresholds.b * 100)} onChange={(e) => edit({ tierThresholds: { ...current.tierThresholds, b: Number(e.target.value) / 100 } })} /></label>
      </fieldset>
      <fieldset className="plain row">
        <legend className="muted">Scorecard tier suggestion: composite score at or above …</legend>
        <label className="field">Tier A<input type="number" min={0} max={10} step={0.5} value={current.scoreTierThresholds.a} onChange={(e) => edit({ scoreTierThresholds: { ...current.scoreTierThresholds, a: Number(e.target.value) } })} /></label>
        <label className="field">Tier B<input type="number" min={0} max={10} step={0.5} value={current.scoreTierThresholds.b} onChange={(e) => edit({ scoreTierThresholds: { ...current.scoreTierThresholds, b: Number(e.target.value) } })} /></label>
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">Visit checklists (one step per line)</legend>
        {current.checklists.map((c, i) => (
          <div key={c.id} className="stack">
            <label className="field">Name<input value={c.name} onChange={(e) => edit({ checklists: current.checklists.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} /></label>
            <label className="field">Steps<textarea value={c.steps.join('\n')} onChange={(e) => edit({ checklists: current.checklists.map((x, j) => (j === i ? { ...x, steps: e.target.value.split('\n') } : x)) })} /></label>
            <div className="row"><button className="btn small" type="button" onClick={() => edit({ checklists: current.checklists.filter((_, j) => j !== i) })}>Remove checklist</button></div>
          </div>
        ))}
        <div className="row"><button className="btn small" type="button" onClick={() => edit({ checklists: [...current.checklists, { id: slug('checklist', current.checklists.map((c) => c.id)), name: 'New checklist', steps: ['Prepare'] }] })}>+ Checklist</button></div>
      </fieldset>
      <fieldset className="plain stack">
        <legend className="muted">Scorecard indicators</legend>
        {current.scorecard.map((ind, i) => (
          <div key={ind.id} className="row small">
            <input aria-label="Indicator" value={ind.label} onChange={(e) => edit({ scorecard: current.scorecard.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })} />
            <select aria-label="Family" value={ind.family} onChange={(e) => edit({ scorecard: current.scorecard.map((x, j) => (j === i ? { ...x, family: e.target.value as typeof ind.family } : x)) })}>
              {SCORE_FAMILIES.map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
            <label className="row muted">weight<input className="score" type="number" min={0} max={100} value={ind.weight} onChange={(e) => edit({ scorecard: current.scorecard.map((x, j) => (j === i ? { ...x, weight: Number(e.target.value) } : x)) })} /></label>
            <button className="btn small" type="button" aria-label={`Remove ${ind.label}`} onClick={() => edit({ scorecard: current.scorecard.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <div className="row"><button className="btn small" type="button" onClick={() => edit({ scorecard: [...current.scorecard, { id: slug('indicator', current.scorecard.map((x) => x.id)), label: 'New indicator', family: 'relationship', weight: 10 }] })}>+ Indicator</button></div>
      </fieldset>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {saved ? <p className="ok" role="status">Saved for the team.</p> : null}
      <div className="row"><button className="btn primary" type="submit" disabled={!draft}>Save team settings</button>{draft ? <button className="btn" type="button" onClick={() => setDraft(null)}>Discard changes</button> : null}</div>
    </form>
  );
}
