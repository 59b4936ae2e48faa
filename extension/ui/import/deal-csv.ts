import Papa from 'papaparse';
import { dealAmount, pipelinesOf, placeOf, probabilityOf } from '../../../shared/deals';
import type { Deal, Settings } from '../../../shared/records';
import { FORMULA, type CsvTable } from './csv';

/** What a column of a deals CSV can hold for Margin. */
export const DEAL_FIELDS = [
  'ignore',
  'name',
  'company',
  'amount',
  'currency',
  'stage',
  'pipeline',
  'closeDate',
  'probability',
  'status',
  'reason',
  'source',
  'nextStep',
] as const;
export type DealField = (typeof DEAL_FIELDS)[number];

export const DEAL_FIELD_LABELS = {
  ignore: 'csvField.ignore',
  name: 'deal.name',
  company: 'deal.account',
  amount: 'deal.amount',
  currency: 'deal.currency',
  stage: 'deal.stage',
  pipeline: 'deal.pipeline',
  closeDate: 'deal.closeDate',
  probability: 'deal.probability',
  status: 'deal.status',
  reason: 'deal.reason',
  source: 'deal.source',
  nextStep: 'deal.nextStep',
} as const satisfies Record<DealField, string>;

export type DealCsvSource = 'HubSpot' | 'Pipedrive' | 'CSV';

/**
 * Headers of HubSpot's deal export ("Deal Name", "Deal Stage", "Close Date", "Associated Company")
 * and Pipedrive's ("Deal - Title", "Deal - Value", "Deal - Expected close date", "Deal - Organization"),
 * and the plain names a spreadsheet would use, in Margin's languages.
 */
const HEADER_FIELDS: [RegExp, DealField][] = [
  [/^(deal - )?(deal name|title|name|deal|opportunity( name)?|商机|商機|商机名称|商機名稱|딜|딜 이름|거래명)$/, 'name'],
  [
    /^(deal - )?(associated company( \(primary\))?|company|company name|organi[sz]ation|organi[sz]ation name|account|account name|客户|客戶|公司|고객사|회사)$/,
    'company',
  ],
  [/^(deal - )?(amount|value|deal value|金额|金額|금액)$/, 'amount'],
  [/^(deal - )?(currency|currency of value|币种|幣別|통화)$/, 'currency'],
  [/^(deal - )?(deal stage|stage|阶段|階段|단계)$/, 'stage'],
  [/^(deal - )?(pipeline|销售流程|銷售流程|파이프라인)$/, 'pipeline'],
  [/^(deal - )?(close date|expected close date|预计成交|預計成交|마감일|예상 마감일)$/, 'closeDate'],
  [/^(deal - )?(probability|deal probability|win probability|概率|機率|확률)( \(%\))?$/, 'probability'],
  [/^(deal - )?(status|状态|狀態|상태)$/, 'status'],
  [/^(deal - )?(lost reason|closed lost reason|closed won reason|reason|原因|이유)$/, 'reason'],
  [/^(deal - )?(source|original source|deal source|lead source|来源|來源|출처)$/, 'source'],
  [/^(deal - )?(next step|下一步|다음 단계)$/, 'nextStep'],
];

export function guessDealMapping(headers: readonly string[]): { source: DealCsvSource; mapping: DealField[] } {
  const lower = headers.map((h) => h.trim().toLowerCase());
  const taken = new Set<DealField>();
  const mapping = lower.map((h) => {
    const field = HEADER_FIELDS.find(([pattern]) => pattern.test(h))?.[1] ?? 'ignore';
    // The first column of a kind wins ("Deal Name" over a later "Name").
    if (field === 'ignore' || taken.has(field)) return 'ignore';
    taken.add(field);
    return field;
  });
  const source: DealCsvSource = lower.some((h) => h.startsWith('deal - '))
    ? 'Pipedrive'
    : lower.includes('deal name') && (lower.includes('deal stage') || lower.includes('record id'))
      ? 'HubSpot'
      : 'CSV';
  return { source, mapping };
}

/** One row of a deals file, as text, before any check. */
export interface DealDraft {
  line: number;
  name: string;
  company: string;
  amount: string;
  currency: string;
  stage: string;
  pipeline: string;
  closeDate: string;
  probability: string;
  status: string;
  reason: string;
  source: string;
  nextStep: string;
}

export function dealDrafts(table: CsvTable, mapping: readonly DealField[]): DealDraft[] {
  return table.rows.map((row, index) => {
    const draft: DealDraft = {
      line: index + 2,
      name: '',
      company: '',
      amount: '',
      currency: '',
      stage: '',
      pipeline: '',
      closeDate: '',
      probability: '',
      status: '',
      reason: '',
      source: '',
      nextStep: '',
    };
    mapping.forEach((field, column) => {
      if (field === 'ignore') return;
      const cell = (row[column] ?? '').trim();
      if (cell && !draft[field]) draft[field] = cell;
    });
    return draft;
  });
}

const SYMBOLS: [RegExp, string][] = [
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  [/₩/, 'KRW'],
  [/CN¥|RMB|元/, 'CNY'],
  [/¥|円/, 'JPY'],
  [/US\$/, 'USD'],
  [/NT\$/, 'TWD'],
  [/HK\$/, 'HKD'],
  [/\$/, 'USD'],
];

/**
 * An amount as people write it: "12500", "12,500.50", "12.500,50", "€ 12 500", "USD 9,000", "¥30万"
 * is not guessed (null). The currency, when the cell names one.
 */
export function parseAmount(text: string): { amount: number; currency: string | null } | null {
  let rest = text.trim();
  if (!rest) return null;
  let currency: string | null = null;
  const code = /\b([A-Z]{3})\b/.exec(rest);
  if (code) {
    currency = code[1]!;
    rest = rest.replace(code[0], '');
  } else {
    for (const [symbol, iso] of SYMBOLS)
      if (symbol.test(rest)) {
        currency = iso;
        rest = rest.replace(symbol, '');
        break;
      }
  }
  rest = rest.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(rest)) return null;
  const lastDot = rest.lastIndexOf('.');
  const lastComma = rest.lastIndexOf(',');
  let normalised: string;
  if (lastDot >= 0 && lastComma >= 0) {
    // The later separator is the decimal one.
    normalised = lastComma > lastDot ? rest.replace(/\./g, '').replace(',', '.') : rest.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // "12,500" is thousands; "12,5" or "12,50" is a decimal comma.
    normalised =
      /,\d{3}$/.test(rest) && !/,\d{3},?\d{1,2}$/.test(rest) ? rest.replace(/,/g, '') : rest.replace(',', '.');
  } else if ((rest.match(/\./g) ?? []).length > 1 || /^\d{1,3}\.\d{3}$/.test(rest)) {
    // "1.250.000" and "12.500" as thousands (European).
    normalised = rest.replace(/\./g, '');
  } else normalised = rest;
  const amount = Number(normalised);
  return Number.isFinite(amount) ? { amount, currency } : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A close date as exports write it: "2026-12-31" (with a time or not), "12/31/2026" (HubSpot in the
 * US), "31.12.2026" (German), "2026/12/31" and "2026年12月31日"; "31/12/2026" when the day cannot be a month.
 */
export function parseCloseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(t);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return validDay(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T].*)?$/.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a > 12 ? validDay(Number(m[3]), b, a) : validDay(Number(m[3]), a, b);
  }
  return null;
}

/** HubSpot's default stage ids, as its export writes them, to Margin's default stages. */
export const HUBSPOT_STAGES: Record<string, string> = {
  appointmentscheduled: 'qualify',
  qualifiedtobuy: 'discover',
  presentationscheduled: 'propose',
  decisionmakerboughtin: 'negotiate',
  contractsent: 'commit',
};

/** "Closed Won", "won", "赢单", "성사" → won; lost likewise; anything else open. */
export function statusOf(status: string, stage: string): 'open' | 'won' | 'lost' {
  const text = `${status} ${stage}`.toLowerCase();
  if (/closed ?won|\bwon\b|赢单|贏單|成交|성사|수주/.test(text)) return 'won';
  if (/closed ?lost|\blost\b|丢单|丟單|실패|실주/.test(text)) return 'lost';
  return 'open';
}

/** Deals as CSV with the account's name and where each stands, ready for a spreadsheet or another CRM. */
export function dealsCsv(
  deals: readonly Deal[],
  accountName: (id: string) => string,
  settings: Settings | undefined,
): string {
  const pipelines = pipelinesOf(settings);
  return `\uFEFF${Papa.unparse(
    {
      fields: [
        'Deal name',
        'Company',
        'Pipeline',
        'Stage',
        'Status',
        'Amount',
        'Currency',
        'Close date',
        'Probability',
        'Next step',
        'Next step date',
        'Source',
        'Reason',
      ],
      data: deals.map((d) => {
        const place = placeOf(d, pipelines);
        return [
          d.name,
          accountName(d.accountId),
          place.pipeline.name,
          place.stage.name,
          d.status,
          dealAmount(d) ?? '',
          d.currency,
          d.closeDate ?? '',
          probabilityOf(d, pipelines),
          d.nextStep,
          d.nextStepDate ?? '',
          d.source,
          d.closeReason,
        ];
      }),
    },
    { escapeFormulae: FORMULA },
  )}`;
}
