import { useId, useState } from 'react';
import { getDb, getSyncDb, type Session } from '../lib/db';
import { errorMessage } from '../lib/actions';
import { sendMessage } from '../lib/messaging';
import { datedName, downloadFile } from '../lib/download';
import { CSV_FIELD_LABELS, CSV_FIELDS, contactsCsv, csvDrafts, guessMapping, parseCsv, type CsvField, type CsvSource, type CsvTable } from '../lib/import/csv';
import type { ContactDraft } from '../lib/import/drafts';
import { applyImport, planImport, type ImportPlan } from '../lib/import/plan';
import { contactsVcard, vcardDrafts } from '../lib/import/vcard';

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

function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Options → Import and export: contacts from CSV (with a column-mapping step) or vCard; contacts out as CSV or vCard. */
export function ImportExport({ session }: { session: Session }) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const plan = async (file: string, drafts: ContactDraft[]) => {
    setStep({ kind: 'planning', file, done: 0, total: drafts.length * 2 });
    const result = await planImport(getDb(), drafts, { teamId: session.team.id, memberId: session.member.id, now: Date.now() }, (done, total) => setStep({ kind: 'planning', file, done, total }));
    setStep({ kind: 'preview', file, plan: result });
  };

  const onFile = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    try {
      if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; import files of at most 50 MB.`);
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
      void sendMessage('localChange', undefined).catch(() => undefined); // send them to the team now
    } catch (err) {
      setError(`Nothing was imported: ${errorMessage(err)}`);
      setStep({ kind: 'preview', file, plan: importPlan });
    }
  };

  const exportContacts = async (format: 'csv' | 'vcf') => {
    setError(null);
    try {
      const db = getDb();
      const [contacts, accounts] = await Promise.all([db.contacts.filter((c) => !c.deleted).toArray(), db.accounts.toArray()]);
      const names = new Map(accounts.filter((a) => !a.deleted).map((a) => [a.id, a.name]));
      const rows = contacts.sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ ...c, company: c.accountId ? (names.get(c.accountId) ?? '') : '' }));
      if (format === 'csv') downloadFile(datedName('margin-contacts', 'csv'), contactsCsv(rows), 'text/csv;charset=utf-8');
      else downloadFile(datedName('margin-contacts', 'vcf'), contactsVcard(rows), 'text/vcard;charset=utf-8');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="import-export">
      <h2 id={`${id}-title`} className="section-title">Import and export</h2>
      {error ? <p className="error" role="alert">{error}</p> : null}

      {step.kind === 'choose' ? (
        <label className="field">
          Import contacts from a CSV file (Google Contacts, HubSpot or any spreadsheet) or vCard (.vcf)
          <input type="file" accept=".csv,.vcf,.vcard,text/csv,text/vcard" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="import-file" />
        </label>
      ) : null}

      {step.kind === 'map' ? (
        <div className="stack">
          <p>
            <strong>{step.file}</strong>: {plural(step.table.rows.length, 'row', 'rows')}.{' '}
            {step.source === 'CSV' ? 'Check what each column holds.' : `Recognised a ${step.source} export; check the columns.`}
          </p>
          <table className="mapping">
            <thead>
              <tr><th scope="col">Column</th><th scope="col">First value</th><th scope="col">Import as</th></tr>
            </thead>
            <tbody>
              {step.table.headers.map((header, column) => (
                <tr key={column}>
                  <td>{header || `Column ${column + 1}`}</td>
                  <td className="muted">{step.table.rows.find((r) => r[column]?.trim())?.[column]?.slice(0, 40) ?? ''}</td>
                  <td>
                    <select
                      aria-label={`Import column “${header || column + 1}” as`}
                      value={step.mapping[column]}
                      onChange={(e) => setStep({ ...step, mapping: step.mapping.map((f, i) => (i === column ? (e.target.value as CsvField) : f)) })}
                    >
                      {CSV_FIELDS.map((f) => <option key={f} value={f}>{CSV_FIELD_LABELS[f]}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!step.mapping.some((f) => f === 'email' || f === 'name' || f === 'firstName' || f === 'lastName') ? <p className="error" role="alert">Choose at least a name or an email column.</p> : null}
          <div className="row">
            <button className="btn primary" type="button" disabled={!step.mapping.some((f) => f === 'email' || f === 'name' || f === 'firstName' || f === 'lastName')} onClick={() => void plan(step.file, csvDrafts(step.table, step.mapping)).catch((err: unknown) => { setError(errorMessage(err)); setStep({ kind: 'choose' }); })}>Preview</button>
            <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>Cancel</button>
          </div>
        </div>
      ) : null}

      {step.kind === 'planning' ? (
        <div role="status" className="stack">
          <span>Checking {step.file}…</span>
          <progress className="progress" max={step.total} value={step.done} aria-label="Checking the file" />
        </div>
      ) : null}

      {step.kind === 'preview' || step.kind === 'saving' || step.kind === 'done' ? <ImportSummary step={step} /> : null}

      {step.kind === 'preview' ? (
        <div className="row">
          <button className="btn primary" type="button" disabled={!step.plan.contacts.length && !step.plan.merges.length} onClick={() => void save(step.file, step.plan)}>
            Import {plural(step.plan.contacts.length + step.plan.merges.length, 'contact', 'contacts')}
          </button>
          <button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>Cancel</button>
        </div>
      ) : null}
      {step.kind === 'saving' ? (
        <div role="status" className="stack">
          <span>Saving {plural(step.plan.contacts.length + step.plan.merges.length, 'contact', 'contacts')}…</span>
          <progress className="progress" aria-label="Saving" />
        </div>
      ) : null}
      {step.kind === 'done' ? (
        <div className="stack">
          <p className="ok" role="status" data-testid="import-done">
            Imported {plural(step.plan.contacts.length, 'new contact', 'new contacts')}, updated {plural(step.plan.merges.length, 'contact', 'contacts')}, added {plural(step.plan.accounts.length, 'account', 'accounts')} and {plural(step.plan.notes.length, 'note', 'notes')}. They reach your team with the next sync.
          </p>
          <div className="row"><button className="btn" type="button" onClick={() => setStep({ kind: 'choose' })}>Import another file</button></div>
        </div>
      ) : null}

      <div className="stack">
        <span className="muted small">Export the contacts in this browser (everything your team shares with you):</span>
        <div className="row">
          <button className="btn" type="button" onClick={() => void exportContacts('csv')}>Contacts as CSV</button>
          <button className="btn" type="button" onClick={() => void exportContacts('vcf')}>Contacts as vCard</button>
        </div>
        <span className="muted small">Everything you may see, as JSON: Team → Export.</span>
      </div>
    </section>
  );
}

function ImportSummary({ step }: { step: Extract<Step, { kind: 'preview' | 'saving' | 'done' }> }) {
  const { plan } = step;
  return (
    <div className="stack" data-testid="import-preview">
      <p>
        <strong>{step.file}</strong>: {plural(plan.rows, 'row', 'rows')}.
      </p>
      <ul className="import-counts">
        <li>{plural(plan.contacts.length, 'new contact', 'new contacts')}</li>
        <li>{plural(plan.merges.length, 'contact the team has already', 'contacts the team has already')} (missing details added)</li>
        {plan.mergedInFile ? <li>{plural(plan.mergedInFile, 'row', 'rows')} with the address of an earlier row (merged into it)</li> : null}
        <li>{plural(plan.accounts.length, 'new account', 'new accounts')}{plan.accounts.length ? `: ${plan.accounts.slice(0, 5).map((a) => a.name).join(', ')}${plan.accounts.length > 5 ? ', …' : ''}` : ''}</li>
        {plan.notes.length ? <li>{plural(plan.notes.length, 'note', 'notes')}</li> : null}
        <li>{plural(plan.skipped.length, 'row skipped', 'rows skipped')}</li>
      </ul>
      {plan.skipped.length ? (
        <details open={plan.skipped.length <= 10}>
          <summary>Skipped rows and why</summary>
          <ul className="small" data-testid="import-skipped">
            {plan.skipped.slice(0, 200).map((s) => <li key={s.line}>Line {s.line}: {s.reason}</li>)}
            {plan.skipped.length > 200 ? <li>… and {(plan.skipped.length - 200).toLocaleString()} more</li> : null}
          </ul>
        </details>
      ) : null}
      {plan.contacts.length ? (
        <table className="mapping">
          <caption className="muted small">First new contacts</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Title</th></tr></thead>
          <tbody>
            {plan.contacts.slice(0, 5).map((c) => (
              <tr key={c.id}><td>{c.name}</td><td>{c.emails[0] ?? ''}</td><td>{c.title}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
