import type { DiagnosticEntry, MarginDB } from './db';

/**
 * The local diagnostics log: what failed in the background or the extension's pages that nobody
 * waited for (a badge, a prefetch, a message to a tab), so a rep can copy it into a bug report from
 * Options → Diagnostics. Only the feature, the error's name and message and the time: no page text,
 * no record contents, and it never leaves the browser unless the rep copies it.
 */

/** Entries kept; older ones are dropped as new ones arrive. */
export const DIAGNOSTICS_KEPT = 50;
/** An error message is cut to this length (a message that quotes input must not carry a page). */
export const DIAGNOSTIC_MESSAGE_MAX = 300;

export function diagnosticMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > DIAGNOSTIC_MESSAGE_MAX ? `${text.slice(0, DIAGNOSTIC_MESSAGE_MAX - 1)}…` : text;
}

/** The recorder `bestEffort` hands failures to in the background and the extension's pages. */
export function diagnosticsRecorder(db: MarginDB): (feature: string, error: unknown) => void {
  return (feature, error) =>
    void recordDiagnostic(db, feature, error).catch((e: unknown) => console.warn('[margin] diagnostics', e));
}

export async function recordDiagnostic(db: MarginDB, feature: string, error: unknown, at = Date.now()): Promise<void> {
  await db.transaction('rw', db.diagnostics, async () => {
    await db.diagnostics.add({ feature: feature.slice(0, 60), message: diagnosticMessage(error), at });
    const count = await db.diagnostics.count();
    if (count > DIAGNOSTICS_KEPT)
      await db.diagnostics
        .orderBy('id')
        .limit(count - DIAGNOSTICS_KEPT)
        .delete();
  });
}

/** Newest first. */
export async function readDiagnostics(db: MarginDB): Promise<DiagnosticEntry[]> {
  return db.diagnostics.orderBy('id').reverse().toArray();
}

export async function clearDiagnostics(db: MarginDB): Promise<void> {
  await db.diagnostics.clear();
}

/** Plain text for a bug report: one line per entry, with the release and the browser. */
export function diagnosticsReport(
  entries: readonly DiagnosticEntry[],
  about: { version: string; userAgent: string },
): string {
  const lines = entries.map((e) => `${new Date(e.at).toISOString()}  ${e.feature}  ${e.message}`);
  return [`Margin ${about.version} · ${about.userAgent}`, ...lines].join('\n');
}
