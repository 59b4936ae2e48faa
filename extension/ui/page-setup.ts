import { getDb } from '../lib/db';
import { bestEffort, recordFailuresIn } from '../lib/best-effort';
import { diagnosticsRecorder } from '../lib/diagnostics';
import { sendMessage } from '../lib/messaging';
import { onLocalWrite } from './local-writes';

/**
 * What every extension page (side panel, popup, options) does once at start: failures nobody waited
 * for go to the diagnostics log, and every local write tells the background to sync soon.
 */
export function setUpPage(): void {
  const db = getDb();
  recordFailuresIn(diagnosticsRecorder(db));
  onLocalWrite(() => void bestEffort('sync.nudge', sendMessage('localChange', undefined)));
}
