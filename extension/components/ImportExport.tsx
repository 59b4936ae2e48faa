import { useId, useState } from 'react';
import { getDb, getSyncDb, type Session } from '../lib/db';
import { errorMessage } from '../ui/actions';
import { datedName, downloadFile } from '../ui/download';
import {
  CSV_FIELD_LABELS,
  CSV_FIELDS,
  contactsCsv,
  csvDrafts,
  guessMapping,
  parseCsv,
  type CsvField,
  type CsvSource,
  type CsvTable,
} from '../ui/import/csv';
import type { ContactDraft } from '../ui/import/drafts';
import { applyImport, planImport, type ImportPlan } from '../ui/import/plan';
import { contactsVcard, vcardDrafts } from '../ui/import/vcard';
import { useT } from '../i18n/react';
import { ErrorLine } from './ErrorLine';
import { ColumnMapping, SkippedRows } from './ImportParts';

type Step =
  | { kind: 'choose' }
  | { kind: 'map'; file: string; table: CsvTable; source: CsvSource; mapping: CsvField[] }
  | { kind: 'planning'; file: string; done: number; total: number }
  | { kind: 'preview'; file: string; plan: ImportPlan }
  | { kind: 'saving'; file: string; plan: ImportPlan }
  | { kind: 'done'; file: string; plan: ImportPlan };

/** Files past this size are refused before reading (a contact export of 100,000 rows is far smaller). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

const isVcard = (name: string, text: string) => /\.(vcf|vcard)$/i.test(name) || /^\uFEFF?\s*BEGIN:VCARD/i.test(text);

/** Options → Import and export: contacts from CSV (with a column-mapping step) or vCard; contacts out as CSV or vCard. */
export function ImportExport({ session }: { session: Session }) {
  const { t } = useT();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const plan = async (file: string, drafts: ContactDraft[]) => {
    setStep({ kind: 'planning', file, done: 0, total: drafts.length * 2 });
    const result = await planImport(
      getDb(),
      drafts,
      { teamId: session.team.id, memberId: session.member.id, now: Date.now() },
      (done, total) => setStep({ kind: 'planning', file, done, total }),
    );
    setStep({ kind: 'preview', file, plan: result });
  };

  const onFile = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    try {
      if (file.size > MAX_FILE_BYTES)
        throw new Error(t('import.tooBig', { file: file.name, size: Math.round(file.size / 1024 / 1024) }));
      const text = await file.text();
      if (isVcard(file.name, text)) return await plan(file.name, vcardDrafts(text));
      const table = await parseCsv(text);
      const { source, mapping } = guessMapping(table.headers);
      setStep({ kind: 'map', file: file.name, table, source, mapping });
    } catch (err) {
      setError(errorMessage(err));
      setStep({ kind: 'choose' });
    }
  };

  const save = async (file: string, importPlan: ImportPlan) => {
    setError(null);
    setStep({ kind: 'saving', file, plan: importPlan });
    try {
      await applyImport(getSyncDb(), importPlan);
      setStep({ kind: 'done', file, plan: importPlan });
    } catch (err) {
      setError(t('import.failed', { reason: errorMessage(err) }));
      setStep({ kind: 'preview', file, plan: importPlan });
    }
  };

  const exportContacts = async (format: 'csv' | 'vcf') => {
    setError(null);
    try {
      const db = getDb();
      const [contacts, accounts] = await Promise.all([
        db.contacts.filter((c) => !c.deleted).toArray(),
        db.accounts.toArray(),
      ]);
      const names = new Map(accounts.filter((a) => !a.deleted).map((a) => [a.id, a.name]));
      const rows = contacts
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => ({ ...c, company: c.accountId ? (names.get(c.accountId) ?? '') : '' }));
      if (format === 'csv')
        downloadFile(datedName('margin-contacts', 'csv'), contactsCsv(rows), 'text/csv;charset=utf-8');
      else downloadFile(datedName('margin-contacts', 'vcf'), contactsVcard(rows), 'text/vcard;charset=utf-8');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="import-export">
      <h2 id={`${id}-title`} className="section-title">
        {t('import.title')}
      </h2>
      <ErrorLine message={error} />

      {step.kind === 'choose' ? (
        <label className="field">
          {t('import.choose')}
          <input
            type="file"
            accept=".csv,.vcf,.vcard,text/csv,text/vcard"
            onChange={(e) => void onFile(e.target.files?.[0])}
            data-testid="import-file"
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
            fields={CSV_FIELDS}
            labels={CSV_FIELD_LABELS}
            onChange={(mapping) => setStep({ ...step, mapping })}
          />
          {!step.mapping.some((f) => f === 'email' || f === 'name' || f === 'firstName' || f === 'lastName') ? (
            <p className="error" role="alert">
              {t('import.needColumn')}
            </p>
          ) : null}
          <div className="row">
            <button
              className="btn primary"
              type="button"
              disabled={
                !step.mapping.some((f) => f === 'email' || f === 'name' || f === 'firstName' || f === 'lastName')
              }
              onClick={() =>
                void plan(step.file, csvDrafts(step.table, step.mapping)).catch((err: unknown) => {
                  setError(errorMessage(err));
                  setStep({ kind: 'choose' });
                })
              }
            >
              {t('import.preview')}
            </button>
            <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      {step.kind === 'planning' ? (
        <div role="status" className="stack">
          <span>{t('import.checking', { file: step.file })}</span>
          <progress className="progress" max={step.total} value={step.done} aria-label={t('import.checkingLabel')} />
        </div>
      ) : null}

      {step.kind === 'preview' || step.kind === 'saving' || step.kind === 'done' ? <ImportSummary step={step} /> : null}

      {step.kind === 'preview' ? (
        <div className="row">
          <button
            className="btn primary"
            type="button"
            disabled={!step.plan.contacts.length && !step.plan.merges.length}
            onClick={() => void save(step.file, step.plan)}
          >
            {t('import.submit', { count: step.plan.contacts.length + step.plan.merges.length })}
          </button>
          <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
            {t('common.cancel')}
          </button>
        </div>
      ) : null}
      {step.kind === 'saving' ? (
        <div role="status" className="stack">
          <span>{t('import.saving', { count: step.plan.contacts.length + step.plan.merges.length })}</span>
          <progress className="progress" aria-label={t('import.savingLabel')} />
        </div>
      ) : null}
      {step.kind === 'done' ? (
        <div className="stack">
          <p className="ok" role="status" data-testid="import-done">
            {t('import.done', {
              created: step.plan.contacts.length,
              updated: step.plan.merges.length,
              accounts: step.plan.accounts.length,
              notes: step.plan.notes.length,
            })}
          </p>
          <div className="row">
            <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>
              {t('import.another')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="stack">
        <span className="muted small">{t('export.intro')}</span>
        <div className="row">
          <button className="btn" type="button" onClick={() => void exportContacts('csv')}>
            {t('export.csv')}
          </button>
          <button className="btn" type="button" onClick={() => void exportContacts('vcf')}>
            {t('export.vcard')}
          </button>
        </div>
        <span className="muted small">{t('export.json')}</span>
      </div>
    </section>
  );
}

function ImportSummary({ step }: { step: Extract<Step, { kind: 'preview' | 'saving' | 'done' }> }) {
  const { t } = useT();
  const { plan } = step;
  return (
    <div className="stack" data-testid="import-preview">
      <p>{t('import.fileRows', { file: step.file, count: plan.rows })}</p>
      <ul className="import-counts">
        <li>{t('import.newContacts', { count: plan.contacts.length })}</li>
        <li>{t('import.merges', { count: plan.merges.length })}</li>
        {plan.mergedInFile ? <li>{t('import.mergedInFile', { count: plan.mergedInFile })}</li> : null}
        <li>
          {t('import.newAccounts', { count: plan.accounts.length })}
          {plan.accounts.length
            ? `: ${plan.accounts
                .slice(0, 5)
                .map((a) => a.name)
                .join(', ')}${plan.accounts.length > 5 ? ', …' : ''}`
            : ''}
        </li>
        {plan.notes.length ? <li>{t('import.notes', { count: plan.notes.length })}</li> : null}
        <li>{t('import.skipped', { count: plan.skipped.length })}</li>
      </ul>
      <SkippedRows skipped={plan.skipped} testId="import-skipped" />
      {plan.contacts.length ? (
        <table className="mapping">
          <caption className="muted small">{t('import.firstNew')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field.name')}</th>
              <th scope="col">{t('field.email')}</th>
              <th scope="col">{t('field.title')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.contacts.slice(0, 5).map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.emails[0] ?? ''}</td>
                <td>{c.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
