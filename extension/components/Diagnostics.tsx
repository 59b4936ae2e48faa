import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { getDb } from '../lib/db';
import { clearDiagnostics, diagnosticsReport, readDiagnostics, DIAGNOSTICS_KEPT } from '../lib/diagnostics';
import { MARGIN_VERSION } from '../../shared/version';
import { useT } from '../i18n/react';

/** Options → Diagnostics: the last failures of work nobody waited for, copyable for a bug report (no page text). */
export function Diagnostics() {
  const { t, locale } = useT();
  const id = useId();
  const entries = useLiveQuery(() => readDiagnostics(getDb()), []);
  const [status, setStatus] = useState<string | null>(null);
  const report = () => diagnosticsReport(entries ?? [], { version: MARGIN_VERSION, userAgent: navigator.userAgent });
  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="diagnostics">
      <h2 id={`${id}-title`} className="section-title">
        {t('diagnostics.title')}
      </h2>
      <p className="muted small">{t('diagnostics.help', { count: DIAGNOSTICS_KEPT })}</p>
      {entries === undefined ? <p className="muted">{t('common.loading')}</p> : null}
      {entries?.length === 0 ? (
        <p className="muted" data-testid="diagnostics-empty">
          {t('diagnostics.empty')}
        </p>
      ) : null}
      {entries?.length ? (
        <>
          <ol
            className="stack small"
            style={{ margin: 0, paddingLeft: 18, maxHeight: 220, overflow: 'auto' }}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must be reachable by keyboard to scroll it (axe scrollable-region-focusable)
            tabIndex={0}
            aria-label={t('diagnostics.title')}
          >
            {entries.map((e) => (
              <li key={e.id}>
                <span className="muted">{new Date(e.at).toLocaleString(locale)}</span> <strong>{e.feature}</strong>{' '}
                {e.message}
              </li>
            ))}
          </ol>
          <div className="row">
            <button
              className="btn small"
              type="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(report());
                  setStatus(t('diagnostics.copied'));
                } catch {
                  setStatus(t('diagnostics.copyFailed'));
                }
              }}
            >
              {t('diagnostics.copy')}
            </button>
            <button
              className="btn small"
              type="button"
              onClick={() => void clearDiagnostics(getDb()).then(() => setStatus(null))}
            >
              {t('diagnostics.clear')}
            </button>
            {status ? (
              <span className="muted small" role="status">
                {status}
              </span>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
