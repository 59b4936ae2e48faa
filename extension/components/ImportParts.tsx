import type { MessageKey } from '../i18n';
import { useT } from '../i18n/react';
import type { CsvTable } from '../ui/import/csv';
import type { SkippedRow } from '../ui/import/plan';

/** The mapping step of a CSV import: each column, its first value, and what Margin reads it as. */
export function ColumnMapping<F extends string>({
  table,
  mapping,
  fields,
  labels,
  onChange,
}: {
  table: CsvTable;
  mapping: readonly F[];
  fields: readonly F[];
  labels: Record<F, MessageKey>;
  onChange: (mapping: F[]) => void;
}) {
  const { t } = useT();
  return (
    <table className="mapping">
      <thead>
        <tr>
          <th scope="col">{t('import.column')}</th>
          <th scope="col">{t('import.firstValue')}</th>
          <th scope="col">{t('import.importAs')}</th>
        </tr>
      </thead>
      <tbody>
        {table.headers.map((header, column) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a column is its position in the file; headers may repeat or be empty
          <tr key={column}>
            <td>{header || t('import.columnN', { n: column + 1 })}</td>
            <td className="muted">{table.rows.find((r) => r[column]?.trim())?.[column]?.slice(0, 40) ?? ''}</td>
            <td>
              <select
                aria-label={t('import.columnAs', { column: header || column + 1 })}
                value={mapping[column]}
                onChange={(e) => onChange(mapping.map((f, i) => (i === column ? (e.target.value as F) : f)))}
              >
                {fields.map((f) => (
                  <option key={f} value={f}>
                    {t(labels[f])}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rows an import leaves out, each with its line and why (the first 200). */
export function SkippedRows({ skipped, testId }: { skipped: readonly SkippedRow[]; testId: string }) {
  const { t } = useT();
  if (!skipped.length) return null;
  return (
    <details open={skipped.length <= 10}>
      <summary>{t('import.skippedWhy')}</summary>
      <ul className="small" data-testid={testId}>
        {skipped.slice(0, 200).map((s) => (
          <li key={s.line}>{t('import.line', { line: s.line, reason: t(s.reason.key, s.reason.vars) })}</li>
        ))}
        {skipped.length > 200 ? <li>{t('import.andMore', { count: skipped.length - 200 })}</li> : null}
      </ul>
    </details>
  );
}
