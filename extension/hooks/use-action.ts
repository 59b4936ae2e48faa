import { createElement, useState, type ReactNode } from 'react';
import { errorMessage } from '../ui/actions';

/**
 * Runs a person's action (a save, a prompt's "Done", a team change): busy while it runs, its
 * error or a confirmation shown in `status`. The one way the UI reports what a click did.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  async function run<T>(action: () => Promise<T>, done?: string): Promise<T | null> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await action();
      if (done) setNotice(done);
      return result;
    } catch (err) {
      setError(errorMessage(err));
      return null;
    } finally {
      setBusy(false);
    }
  }
  const status: ReactNode = error
    ? createElement('p', { className: 'error', role: 'alert' }, error)
    : notice
      ? createElement('p', { className: 'ok', role: 'status' }, notice)
      : null;
  return { run, busy, status };
}
