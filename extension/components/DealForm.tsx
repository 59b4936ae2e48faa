import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { pipelinesOf } from '../../shared/deals';
import { DEAL_ROLES, type Deal, type DealRole } from '../../shared/records';
import { useMembers } from '../hooks/use-meta';
import { useTeamSettings } from '../hooks/use-deals';
import { getDb, type Session } from '../lib/db';
import { useT } from '../i18n/react';
import { errorMessage } from '../ui/actions';
import { authorOf } from '../ui/author';
import { createDeal, updateDeal, type NewDeal } from '../ui/deal-writes';
import { ErrorLine } from './ErrorLine';

/** Currencies offered as the rep types (any ISO code is accepted). */
const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CNY', 'HKD', 'TWD', 'JPY', 'KRW', 'SGD'];

const numberOrNull = (text: string): number | null => {
  const trimmed = text.trim().replace(/[\s,_]/g, '');
  if (!trimmed) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : Number.NaN;
};

/**
 * A deal's form: new (prefilled from the email or page it was started from) or an edit of one.
 * The stage and the outcome are not here: the board and the deal's own buttons move and close it.
 */
export function DealForm({
  accountId,
  deal,
  prefill,
  session,
  onDone,
}: {
  accountId: string;
  deal?: Deal;
  prefill?: Partial<NewDeal>;
  session: Session;
  onDone: (saved: Deal | null) => void;
}) {
  const { t } = useT();
  const id = useId();
  const settings = useTeamSettings();
  const members = useMembers();
  const people = useLiveQuery(
    () =>
      getDb()
        .contacts.where('accountId')
        .equals(accountId)
        .filter((c) => !c.deleted)
        .sortBy('name'),
    [accountId],
  );
  const pipelines = pipelinesOf(settings ?? undefined);
  const [name, setName] = useState(deal?.name ?? prefill?.name ?? '');
  const [pipelineId, setPipelineId] = useState(deal?.pipelineId ?? prefill?.pipelineId ?? pipelines[0]?.id ?? '');
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0];
  const [stageId, setStageId] = useState(deal?.stageId ?? prefill?.stageId ?? '');
  const stage = pipeline?.stages.find((s) => s.id === stageId) ?? pipeline?.stages[0];
  const [amount, setAmount] = useState(
    deal?.amount !== undefined && deal?.amount !== null ? String(deal.amount) : String(prefill?.amount ?? ''),
  );
  const [currency, setCurrency] = useState(deal?.currency ?? prefill?.currency ?? '');
  const [closeDate, setCloseDate] = useState(deal?.closeDate ?? prefill?.closeDate ?? '');
  const [probability, setProbability] = useState(
    deal?.probability !== undefined && deal?.probability !== null ? String(deal.probability) : '',
  );
  const [ownerId, setOwnerId] = useState<string>(deal ? (deal.ownerId ?? '') : (prefill?.ownerId ?? session.member.id));
  const [roles, setRoles] = useState<Map<string, DealRole>>(
    new Map((deal?.contacts ?? prefill?.contacts ?? []).map((c) => [c.contactId, c.role])),
  );
  const [nextStep, setNextStep] = useState(deal?.nextStep ?? prefill?.nextStep ?? '');
  const [nextStepDate, setNextStepDate] = useState(deal?.nextStepDate ?? prefill?.nextStepDate ?? '');
  const [source, setSource] = useState(deal?.source ?? prefill?.source ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (settings === undefined) return <p className="muted">{t('common.loading')}</p>;
  const teamCurrency = settings?.currency ?? 'EUR';

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const value = numberOrNull(amount);
    const chance = numberOrNull(probability);
    if (Number.isNaN(value)) return setError(t('deal.badAmount'));
    if (Number.isNaN(chance) || (chance !== null && (chance < 0 || chance > 100 || !Number.isInteger(chance))))
      return setError(t('deal.badProbability'));
    const fields = {
      name: name.trim(),
      amount: value,
      currency: (currency.trim() || teamCurrency).toUpperCase(),
      closeDate: closeDate || null,
      probability: chance,
      ownerId: ownerId || null,
      contacts: [...roles].map(([contactId, role]) => ({ contactId, role })),
      nextStep: nextStep.trim(),
      nextStepDate: nextStepDate || null,
      source: source.trim(),
    };
    setSaving(true);
    try {
      const by = authorOf(session);
      if (deal) {
        await updateDeal(getDb(), deal, fields, by);
        onDone(deal);
      } else {
        onDone(await createDeal(getDb(), { ...fields, accountId, pipelineId: pipeline?.id, stageId: stage?.id }, by));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card stack" aria-label={t(deal ? 'deal.editTitle' : 'deal.newTitle')} onSubmit={save}>
      <strong>{t(deal ? 'deal.editTitle' : 'deal.newTitle')}</strong>
      <label className="field">
        {t('deal.name')}
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      {!deal ? (
        <div className="row wrap">
          {pipelines.length > 1 ? (
            <label className="field">
              {t('deal.pipeline')}
              <select
                value={pipeline?.id}
                onChange={(e) => {
                  setPipelineId(e.target.value);
                  setStageId('');
                }}
              >
                {pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="field">
            {t('deal.stage')}
            <select value={stage?.id} onChange={(e) => setStageId(e.target.value)}>
              {pipeline?.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
      <div className="row wrap">
        <label className="field">
          {t('deal.amount')}
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="0" />
        </label>
        <label className="field">
          {t('deal.currency')}
          <input
            value={currency}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            placeholder={teamCurrency}
            maxLength={3}
            size={4}
            list={`${id}-currencies`}
            pattern="[A-Za-z]{3}"
            title={t('deal.currencyHint')}
          />
          <datalist id={`${id}-currencies`}>
            {COMMON_CURRENCIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
      </div>
      <div className="row wrap">
        <label className="field">
          {t('deal.closeDate')}
          <input type="date" value={closeDate} onChange={(e) => setCloseDate(e.target.value)} />
        </label>
        <label className="field">
          {t('deal.probability')}
          <input
            inputMode="numeric"
            value={probability}
            onChange={(e) => setProbability(e.target.value)}
            placeholder={t('deal.probabilityDefault', {
              percent: String(
                deal
                  ? (pipelines.find((p) => p.id === deal.pipelineId)?.stages.find((s) => s.id === deal.stageId)
                      ?.probability ?? '')
                  : (stage?.probability ?? ''),
              ),
            })}
            size={8}
          />
        </label>
      </div>
      <label className="field">
        {t('deal.owner')}
        <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">{t('ka.nobody')}</option>
          <option value={session.member.id}>{session.member.name}</option>
          {(members?.list ?? [])
            .filter((m) => m.id !== session.member.id)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
      </label>
      {people?.length ? (
        <fieldset className="stack">
          <legend>{t('deal.people')}</legend>
          {people.map((c) => {
            const role = roles.get(c.id);
            return (
              <div key={c.id} className="row">
                <label className="row">
                  <input
                    type="checkbox"
                    checked={role !== undefined}
                    onChange={(e) => {
                      const next = new Map(roles);
                      if (e.target.checked) next.set(c.id, 'other');
                      else next.delete(c.id);
                      setRoles(next);
                    }}
                  />
                  {c.name}
                </label>
                {role !== undefined ? (
                  <select
                    aria-label={t('deal.roleOf', { name: c.name })}
                    value={role}
                    onChange={(e) => setRoles(new Map(roles).set(c.id, e.target.value as DealRole))}
                  >
                    {DEAL_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`dealRole.${r}`)}
                      </option>
                    ))}
                  </select>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <div className="row wrap">
        <label className="field grow">
          {t('deal.nextStep')}
          <input value={nextStep} onChange={(e) => setNextStep(e.target.value)} maxLength={200} />
        </label>
        <label className="field">
          {t('deal.nextStepDate')}
          <input type="date" value={nextStepDate} onChange={(e) => setNextStepDate(e.target.value)} />
        </label>
      </div>
      <label className="field">
        {t('deal.source')}
        <input
          value={source}
          onChange={(e) => setSource(e.target.value)}
          maxLength={200}
          placeholder={t('deal.sourcePlaceholder')}
        />
      </label>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={saving || !name.trim()}>
          {saving ? t('deal.saving') : t(deal ? 'deal.saveEdit' : 'deal.create')}
        </button>
        <button className="btn" type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
