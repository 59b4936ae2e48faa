import type { PullResponse, PulledRow } from '../shared/protocol';

/** A pulled row whose record is still the JSON text stored in D1 (null when it is redacted). */
export type PulledRowText = Omit<PulledRow, 'record'> & { recordJson: string | null };
export type PullPage = Omit<PullResponse, 'rows'> & { rows: PulledRowText[] };

/**
 * Serialises a pull page with each stored record's JSON embedded as it is: the text was produced by
 * JSON.stringify of a validated record when it was written, so parsing and re-stringifying it on every
 * pull (about 100 MB for a large team's first sync) would only burn the server's CPU.
 */
export function pullPageJson(page: PullPage): string {
  const rows = page.rows.map(
    (r) =>
      `{"id":${JSON.stringify(r.id)},"type":${JSON.stringify(r.type)},"seq":${r.seq},"deleted":${r.deleted},"hlc":${JSON.stringify(r.hlc)},"record":${r.recordJson ?? 'null'}}`,
  );
  return `{"rows":[${rows.join(',')}],"cursor":${page.cursor},"hasMore":${page.hasMore},"reset":${page.reset},"lastMutationId":${page.lastMutationId},"remaining":${page.remaining === null ? 'null' : page.remaining},"rejected":${JSON.stringify(page.rejected)}}`;
}
