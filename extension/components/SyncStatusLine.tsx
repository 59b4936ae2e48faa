import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDb } from '../lib/db';
import { sendMessage } from '../lib/messaging';
import { useMeta } from '../hooks/use-meta';
import { formatRelative } from '../lib/format';

/** What the user needs to trust sync: last synced, pending count, the error and its reason, "sync now". */
export function SyncStatusLine() {
  const status = useMeta('syncStatus');
  const pending = useLiveQuery(() => getDb().outbox.count(), [], 0);
  const [asking, setAsking] = useState(false);
  const busy = asking || !!status?.syncing;

  let tone = 'ok';
  let text = 'Not synced yet';
  if (status?.error) {
    tone = 'error';
    text = status.error.code === 'offline' ? `Offline — ${status.error.message}` : `Sync failed — ${status.error.message}`;
  } else if (busy) {
    tone = 'busy';
    text = status?.progress
      ? `Syncing… ${status.progress.received.toLocaleString()} of ${status.progress.total.toLocaleString()} records`
      : 'Syncing…';
  } else if (status?.lastSyncedAt) {
    text = `Synced ${formatRelative(status.lastSyncedAt)}`;
  }
  if (pending > 0) text += ` · ${pending} waiting to send`;

  return (
    <div className="stack" aria-live="polite">
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
          Sync now
        </button>
      </div>
      {status?.syncing && status.progress ? (
        <progress
          className="progress"
          aria-label="Sync progress"
          max={status.progress.total}
          value={status.progress.received}
        />
      ) : null}
    </div>
  );
}
