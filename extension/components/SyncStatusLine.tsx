import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDb } from '../lib/db';
import { sendMessage } from '../lib/messaging';
import { useMeta } from '../hooks/use-meta';
import { formatRelative } from '../ui/format';
import { useT } from '../i18n/react';
import { errorMessage } from '../ui/actions';
import { queuedCount } from '../lib/outbox';

/** What the user needs to trust sync: last synced, pending count, the error and its reason, "sync now". */
export function SyncStatusLine() {
  const { t } = useT();
  const status = useMeta('syncStatus');
  const session = useMeta('session');
  const versionProblem =
    status?.error?.code === 'server_too_old' || status?.error?.code === 'client_too_old' ? status.error.code : null;
  const isAdmin = session?.member.role === 'owner' || session?.member.role === 'admin';
  const pending = useLiveQuery(() => queuedCount(getDb()), [], 0);
  const [asking, setAsking] = useState(false);
  const busy = asking || !!status?.syncing;

  let tone = 'ok';
  let text = t('sync.never');
  if (status?.error && versionProblem) {
    // The banner above says why and what to do.
    tone = 'error';
    text = t('sync.paused');
  } else if (status?.error) {
    tone = 'error';
    text = t(status.error.code === 'offline' ? 'sync.offline' : 'sync.failed', { reason: errorMessage(status.error) });
  } else if (busy) {
    tone = 'busy';
    text = status?.progress
      ? t('sync.progress', { received: status.progress.received, total: status.progress.total })
      : t('sync.syncing');
  } else if (status?.lastSyncedAt) {
    text = t('sync.synced', { when: formatRelative(status.lastSyncedAt) });
  }
  if (pending > 0) text += ` · ${t('sync.pending', { count: pending })}`;

  return (
    <div className="stack" aria-live="polite">
      {versionProblem && status?.error ? (
        // Versions that cannot sync are said plainly, with what to do; the queued changes wait.
        <div className="card stack version-banner" role="alert" data-testid="version-banner">
          <strong>{t(versionProblem === 'server_too_old' ? 'version.serverTitle' : 'version.clientTitle')}</strong>
          <span>{errorMessage(status.error)}</span>
          {versionProblem === 'server_too_old' && isAdmin ? (
            <span className="muted">{t('version.deploy', { command: 'npm run deploy' })}</span>
          ) : null}
        </div>
      ) : null}
      <div className={`status ${tone}`} data-testid="sync-status">
        <span className="dot" aria-hidden="true" />
        <span>{text}</span>
        <button
          className="btn link"
          type="button"
          disabled={asking}
          onClick={async () => {
            setAsking(true);
            try {
              await sendMessage('syncNow', undefined);
            } finally {
              setAsking(false);
            }
          }}
        >
          {t('sync.now')}
        </button>
      </div>
      {status?.syncing && status.progress ? (
        <progress
          className="progress"
          aria-label={t('sync.progressLabel')}
          max={status.progress.total}
          value={status.progress.received}
        />
      ) : null}
    </div>
  );
}
