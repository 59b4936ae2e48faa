import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../lib/db';
import { useT } from '../i18n/react';
import { errorMessage } from '../ui/actions';

/** Changes the server refused for good: shown with their content so nothing disappears silently. */
export function NotSyncedList() {
  const { t } = useT();
  const rejected = useLiveQuery(() => getDb().rejected.orderBy('id').toArray(), [], []);
  if (rejected.length === 0) return null;
  return (
    <details className="card">
      <summary className="error">{t('notSynced.summary', { count: rejected.length })}</summary>
      <ul className="list">
        {rejected.map((r) => (
          <li key={r.id}>
            <div>{errorMessage(r)}</div>
            <pre className="muted" style={{ whiteSpace: 'pre-wrap', fontSize: 11 }}>
              {JSON.stringify(r.mutation.name === 'record.create' ? r.mutation.record : r.mutation, null, 1)}
            </pre>
          </li>
        ))}
      </ul>
    </details>
  );
}
