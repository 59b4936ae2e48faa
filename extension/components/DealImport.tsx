import { useId, useState } from 'react';
import { getDb, getSyncDb, type Session } from '../lib/db';
import { teamSettings } from '../lib/team-settings';
import { useT } from '../i18n/react';
import { errorMessage } from '../ui/actions';
import { authorOf } from '../ui/author';
import { datedName, downloadFile } from '../ui/download';
import { formatDay, formatMoney } from '../ui/format';
import { parseCsv, type CsvTable } from '../ui/import/csv';
import {
  DEAL_FIELD_LABELS,
  DEAL_FIELDS,
  dealDrafts,
  dealsCsv,
  guessDealMapping,
  type DealCsvSource,
  type DealField,
} from '../ui/import/deal-csv';
import { applyDealImport, planDealImport, type DealImportPlan } from '../ui/import/deal-plan';
import { ErrorLine } from './ErrorLine';
import { ColumnMapping, SkippedRows } from './ImportParts';

type Step =
  | { kind: 'choose' }
  | { kind: 'map'; file: string; table: CsvTable; source: DealCsvSource; mapping: DealField[] }
  | { kind: 'planning'; file: string }
  | { kind: 'preview' | 'saving' | 'done'; file: string; plan: DealImportPlan };

const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Options → Import and export deals: a CSV of deals (HubSpot's and Pipedrive's deal exports are
 * recognised), its columns checked, a preview with every skipped row and why, then one batch;
 * and the team's deals out as CSV.
 */
export function DealImport({ session }: { session: Session }) {
  const { t } = useT();
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    try {
      if (file.size > MAX_FILE_BYTES)
        throw new Error(t('import.tooBig', { file: file.name, size: Math.round(file.size / 1024 / 1024) }));
      const table = await parseCsv(await file.text());
      const { source, mapping } = guessDealMapping(table.headers);
      setStep({ kind: 'map', file: file.name, table, source, mapping });
    } catch (err) {
      setError(errorMessage(err));
      setStep({ kind: 'choose' });
    }
  };
  const preview = async (file: string, table: CsvTable, mapping: DealField[]) => {
    setStep({ kind: 'planning', file });
    try {
      const plan = await planDealImport(getDb(), dealDrafts(table, mapping), authorOf(session));
      setStep({ kind: 'preview', file, plan });
    } catch (err) {
      setError(errorMessage(err));
      setStep({ kind: 'choose' });
    }
  };
  const save = async (file: string, plan: DealImportPlan) => {
    setError(null);
    setStep({ kind: 'saving', file, plan });
    try {
      await applyDealImport(getSyncDb(), plan);
      setStep({ kind: 'done', file, plan });
    } catch (err) {
      setError(t('import.failed', { reason: errorMessage(err) }));
      setStep({ kind: 'preview', file, plan });
    }
  };
  const exportDeals = async () => {
    setError(null);
    try {
      const db = getDb();
      const [deals, accounts, settings] = await Promise.all([
        db.deals.filter((d) => !d.deleted).toArray(),
        db.accounts.toArray(),
        teamSettings(db),
      ]);
      const names = new Map(accounts.map((a) => [a.id, a.name]));
      deals.sort(
        (a, b) =>
          (names.get(a.accountId) ?? '').localeCompare(names.get(b.accountId) ?? '') || a.name.localeCompare(b.name),
      );
      downloadFile(
        datedName('margin-deals', 'csv'),
        dealsCsv(deals, (accountId) => names.get(accountId) ?? '', settings),
        'text/csv;charset=utf-8',
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const hasNeeded = (mapping: DealField[]) => mapping.includes('name') && mapping.includes('company');

  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="deal-import">
      <h2 id={`${id}-title`} className="section-title">
        {t('dealImport.title')}
      </h2>
      <ErrorLine message={error} />
      {step.kind === 'choose' ? (
        <label className="field">
          {t('dealImport.choose')}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void onFile(e.target.files?.[0])}
            data-testid="deal-import-file"
          />
        </label>
      ) : null}
      {step.kind === 'map' ? (
        <div className="stack">
          <p>
            {t('import.fileRows', { file: step.file, count: step.table.rows.length })}{' '}
            {step.source === 'CSV' ? t('import.checkColumns') : t('import.recognised', { source: step.source })}
          </p>
          <ColumnMapping
            table={step.table}
            mapping={step.mapping}
            fields={DEAL_FIELDS}
            labels={DEAL_FIELD_LABELS}
            onChange={(mapping) => setStep({ ...step, mapping })}
          />
          {!hasNeeded(step.mapping) ? (
            <p className="error" role="alert">
              {t('dealImport.needColumns')}
            </p>
          ) : null}
          <div className="row">
            <button
              className="btn primary"
              type="button"
              disabled={!hasNeeded(step.mapping)}
              onClick={() => void preview(step.file, step.table, step.mapping)}
            >
              {t('import.preview')}
            </button>
            <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === 'planning' ? <p role="status">{t('import.checking', { file: step.file })}</p> : null}
      {step.kind === 'preview' || step.kind === 'saving' || step.kind === 'done' ? (
        <div className="stack" data-testid="deal-import-preview">
          <p>{t('import.fileRows', { file: step.file, count: step.plan.rows })}</p>
          <ul className="import-counts">
            <li>{t('dealImport.newDeals', { count: step.plan.deals.length })}</li>
            <li>{t('import.newAccounts', { count: step.plan.accounts.length })}</li>
            {step.plan.existing ? <li>{t('dealImport.existing', { count: step.plan.existing })}</li> : null}
            {step.plan.firstStage ? <li>{t('dealImport.firstStage', { count: step.plan.firstStage })}</li> : null}
            <li>{t('import.skipped', { count: step.plan.skipped.length })}</li>
          </ul>
          <SkippedRows skipped={step.plan.skipped} testId="deal-import-skipped" />
          {step.plan.deals.length ? (
            <table className="mapping">
              <caption className="muted small">{t('dealImport.firstNew')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deal.name')}</th>
                  <th scope="col">{t('deal.amount')}</th>
                  <th scope="col">{t('deal.closeDate')}</th>
                  <th scope="col">{t('deal.status')}</th>
                </tr>
              </thead>
              <tbody>
                {step.plan.deals.slice(0, 5).map((d) => (
                  <tr key={d.id}>
                    <td>{d.name}</td>
                    <td>{d.amount !== null ? formatMoney(d.amount, d.currency) : ''}</td>
                    <td>{d.closeDate ? formatDay(d.closeDate) : ''}</td>
                    <td>{t(d.status === 'won' ? 'deal.won' : d.status === 'lost' ? 'deal.lost' : 'deal.open')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      {step.kind === 'preview' ? (
        <div className="row">
          <button
            className="btn primary"
            type="button"
            disabled={!step.plan.deals.length}
            onClick={() => void save(step.file, step.plan)}
          >
            {t('dealImport.submit', { count: step.plan.deals.length })}
          </button>
          <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
            {t('common.cancel')}
          </button>
        </div>
      ) : null}
      {step.kind === 'saving' ? (
        <div role="status" className="stack">
          <span>{t('dealImport.saving', { count: step.plan.deals.length })}</span>
          <progress className="progress" aria-label={t('import.savingLabel')} />
        </div>
      ) : null}
      {step.kind === 'done' ? (
        <div className="stack">
          <p className="ok" role="status" data-testid="deal-import-done">
            {t('dealImport.done', { count: step.plan.deals.length, accounts: step.plan.accounts.length })}
          </p>
          <div className="row">
            <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
              {t('import.another')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="row">
        <button className="btn" type="button" onClick={() => void exportDeals()}>
          {t('dealImport.export')}
        </button>
      </div>
    </section>
  );
}
