import Papa from 'papaparse';
import type { AccountRow } from '../../shared/portfolio/view';
import { FORMULA } from './import/csv';

const day = (at: number | null) => (at === null ? '' : new Date(at).toISOString().slice(0, 10));

/**
 * The portfolio's accounts as the current filter shows them, as CSV for a spreadsheet: one row per
 * account, dates as YYYY-MM-DD, amounts as plain numbers, owners by name. Cells a spreadsheet would
 * run as a formula (a name starting with "=") are escaped, as in the contacts export.
 */
export function portfolioCsv(rows: readonly AccountRow[], ownerName: (id: string | null) => string): string {
  return `\uFEFF${Papa.unparse(
    {
      fields: [
        'Account',
        'Tier',
        'Kind',
        'Owner',
        'Tags',
        'Value',
        'Last touch',
        'Days since last touch',
        'Within cadence',
        'Next review',
        'Last review outcome',
        'Score',
        'Decaying',
        'Single-threaded',
        'Open pipeline',
      ],
      data: rows.map((r) => [
        r.name,
        r.tier,
        r.kind ?? '',
        ownerName(r.ownerId),
        r.tags.join('; '),
        r.value ?? '',
        day(r.lastTouch),
        r.daysSince ?? '',
        r.covered ? 'yes' : 'no',
        day(r.nextReviewAt),
        r.lastOutcome ?? '',
        r.composite ?? '',
        r.decaying ? 'yes' : 'no',
        r.singleThreaded ? 'yes' : 'no',
        r.openPipeline,
      ]),
    },
    { escapeFormulae: FORMULA },
  )}`;
}
