/**
 * Work nobody waits for (a badge, a prefetch, a message to a tab, a sync nudge) must not fail the
 * action around it, but its failure must not vanish either. `bestEffort` runs it, swallows the error
 * for the caller, and hands it to the context's recorder: the diagnostics log in the background and
 * the extension's pages (installed at start, see `recordFailuresIn`), the console in a content script
 * (which cannot reach the extension's database and must not send page details anywhere).
 *
 * A tab without Margin's content script answering is normal (a page Margin does not read, a tab
 * still loading, a tab closed meanwhile), not a failure: it is not recorded.
 */

type Recorder = (feature: string, error: unknown) => void;

let recorder: Recorder = (feature, error) => console.warn(`[margin] ${feature}:`, error);

/** Where failures go in this context (called once by each entrypoint). */
export function recordFailuresIn(next: Recorder): void {
  recorder = next;
}

/** The messaging library's errors when no content script is listening in a tab. */
export function isNoReceiver(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Receiving end does not exist|Could not establish connection|No response|message port closed|No tab with id/i.test(
    message,
  );
}

function report(feature: string, error: unknown): void {
  if (isNoReceiver(error)) return;
  try {
    recorder(feature, error);
  } catch {
    // The recorder itself failing (a closed database) has nowhere left to go.
  }
}

/** Runs `work`, never rejects; a failure is recorded under `feature`. With `fallback`, resolves to it on failure. */
export function bestEffort(feature: string, work: Promise<unknown> | (() => unknown)): Promise<void>;
export function bestEffort<T, F>(
  feature: string,
  work: Promise<T> | (() => Promise<T> | T),
  fallback: F,
): Promise<T | F>;
export async function bestEffort<T, F>(
  feature: string,
  work: Promise<T> | (() => Promise<T> | T),
  fallback?: F,
): Promise<T | F | undefined> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (error) {
    report(feature, error);
    return fallback;
  }
}
