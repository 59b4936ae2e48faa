import Papa from 'papaparse';
import type { ContactDraft } from './drafts';
import { MessageError } from '../../i18n/errors';
import { yieldToPage } from '../yield-to-page';

/** What a column of a CSV file can hold for Margin. */
export const CSV_FIELDS = [
  'ignore',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'title',
  'tags',
  'note',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** The message keys of the fields' names (extension/i18n). */
export const CSV_FIELD_LABELS = {
  ignore: 'csvField.ignore',
  name: 'csvField.name',
  firstName: 'csvField.firstName',
  lastName: 'csvField.lastName',
  email: 'csvField.email',
  phone: 'csvField.phone',
  company: 'csvField.company',
  title: 'csvField.title',
  tags: 'csvField.tags',
  note: 'csvField.note',
} as const satisfies Record<CsvField, string>;

export type CsvSource = 'Google Contacts' | 'HubSpot' | 'CSV';

export interface CsvTable {
  headers: string[];
  rows: string[][];
}

/** Past this many rows a file is refused (it would not fit a browser's memory comfortably). */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * Parses CSV text (a header row, then records; quoted fields, any line ending, a BOM) with Papa
 * Parse, a slice at a time, letting the page draw between slices (a 10,000-row file would otherwise
 * hold the page for a few hundred milliseconds).
 */
export async function parseCsv(text: string): Promise<CsvTable> {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) throw new MessageError('error.fileEmpty');
  const data: string[][] = [];
  const errors: Papa.ParseError[] = [];
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(source, {
      skipEmptyLines: 'greedy',
      chunkSize: 128 * 1024,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        for (const row of results.data) data.push(row);
        errors.push(...results.errors);
        if (data.length > MAX_IMPORT_ROWS + 1) {
          parser.abort();
          return;
        }
        parser.pause();
        void yieldToPage().then(() => parser.resume());
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  const fatal = errors.find((e) => e.type === 'Quotes');
  if (fatal && data.length <= 1)
    throw new MessageError('error.csvUnreadable', { row: (fatal.row ?? 0) + 1, reason: fatal.message });
  const [headers, ...rows] = data;
  if (!headers?.length) throw new MessageError('error.fileEmpty');
  if (rows.length > MAX_IMPORT_ROWS) throw new MessageError('error.tooManyRows', { max: MAX_IMPORT_ROWS });
  return { headers: headers.map((h) => h.trim()), rows };
}

const HEADER_FIELDS: [RegExp, CsvField][] = [
  // Google Contacts (both export formats): "E-mail 1 - Value", "Phone 2 - Value", "Organization 1 - Name" …
  [/^e-mail \d+ - value$/, 'email'],
  [/^phone \d+ - value$/, 'phone'],
  [/^organi[sz]ation( \d+ -)? name$/, 'company'],
  [/^organi[sz]ation( \d+ -)? title$/, 'title'],
  [/^(given name|first name|firstname|名)$/, 'firstName'],
  [/^(family name|last name|lastname|surname|姓|성)$/, 'lastName'],
  [/^(name|full name|display name|contact name|姓名|名字|이름|성명)$/, 'name'],
  // HubSpot and generic exports.
  [
    /^(email|e-mail|email address|e-mail address|work email|other emails?|邮箱|电子邮件|電子郵件|이메일|메일)$/,
    'email',
  ],
  [
    /^(phone|phone number|mobile|mobile phone|mobile phone number|telephone|work phone|other phones?|电话|手机|電話|手機|전화|전화번호|휴대폰)$/,
    'phone',
  ],
  [
    /^(company|company name|organi[sz]ation|associated company|account|account name|公司|公司名称|單位|회사|회사명)$/,
    'company',
  ],
  [/^(title|job title|position|role|职位|職位|직함|직책)$/, 'title'],
  [/^(tags|labels|group membership|categories|标签|標籤|태그)$/, 'tags'],
  [/^(notes?|comments?|description|备注|備註|메모|비고)$/, 'note'],
];

/** The field each column most likely holds, from its header (Google Contacts and HubSpot exports are recognised as such). */
export function guessMapping(headers: readonly string[]): { source: CsvSource; mapping: CsvField[] } {
  const lower = headers.map((h) => h.trim().toLowerCase());
  const mapping = lower.map((h) => HEADER_FIELDS.find(([pattern]) => pattern.test(h))?.[1] ?? 'ignore');
  // A full-name column wins over first/last ones only when there is no pair to build it from.
  const source: CsvSource = lower.some((h) => /^e-mail \d+ - value$/.test(h))
    ? 'Google Contacts'
    : lower.includes('record id') ||
        lower.includes('contact owner') ||
        lower.includes('lifecycle stage') ||
        (lower.includes('email') && lower.includes('company name'))
      ? 'HubSpot'
      : 'CSV';
  return { source, mapping };
}

/** Several values in one cell: Google joins them with " ::: ", others with ";" or ",". */
function splitValues(cell: string, separators: RegExp): string[] {
  return cell
    .split(separators)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Turns each row into a contact draft by the mapping; `line` is the row's line in the file (the header is line 1). */
export function csvDrafts(table: CsvTable, mapping: readonly CsvField[]): ContactDraft[] {
  return table.rows.map((row, index) => {
    const draft: ContactDraft = {
      line: index + 2,
      name: '',
      emails: [],
      phones: [],
      title: '',
      company: '',
      tags: [],
      note: '',
    };
    let first = '';
    let last = '';
    mapping.forEach((field, column) => {
      const cell = (row[column] ?? '').trim();
      if (!cell) return;
      switch (field) {
        case 'name':
          draft.name ||= cell;
          break;
        case 'firstName':
          first ||= cell;
          break;
        case 'lastName':
          last ||= cell;
          break;
        case 'email':
          draft.emails.push(...splitValues(cell, /\s*:::\s*|[;,\s]+/));
          break;
        case 'phone':
          draft.phones.push(...splitValues(cell, /\s*:::\s*|;/));
          break;
        case 'company':
          draft.company ||= cell;
          break;
        case 'title':
          draft.title ||= cell;
          break;
        case 'tags':
          draft.tags.push(
            ...splitValues(cell, /\s*:::\s*|[;,]/)
              .map((t) => t.replace(/^\*\s*/, ''))
              .filter((t) => t.toLowerCase() !== 'mycontacts'),
          );
          break;
        case 'note':
          draft.note = draft.note ? `${draft.note}\n\n${cell}` : cell;
          break;
        case 'ignore':
          break;
      }
    });
    if (!draft.name) draft.name = joinName(first, last);
    return draft;
  });
}

/** "Ada" + "Lovelace" → "Ada Lovelace"; CJK family and given names are written together, family first. */
export function joinName(first: string, last: string): string {
  if (!first || !last) return first || last;
  return /[\p{Script=Han}\p{Script=Hangul}]/u.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

/**
 * Cells a spreadsheet would run as a formula (=, @, a tab, or + and - followed by more than a phone
 * number's characters) are prefixed with a quote; "+49 40 555-0100" stays as it is.
 */
export const FORMULA = /^(?:[=@\t\r]|[+-](?![\d\s()./-]*$))/;

/** Contacts as CSV (a header row, then one row per contact), ready for a spreadsheet or another CRM. */
export function contactsCsv(
  rows: readonly { name: string; emails: string[]; phones: string[]; title: string; company: string; tags: string[] }[],
): string {
  return `\uFEFF${Papa.unparse(
    {
      fields: ['Name', 'Email', 'Other emails', 'Phone', 'Other phones', 'Company', 'Title', 'Tags'],
      data: rows.map((c) => [
        c.name,
        c.emails[0] ?? '',
        c.emails.slice(1).join('; '),
        c.phones[0] ?? '',
        c.phones.slice(1).join('; '),
        c.company,
        c.title,
        c.tags.join('; '),
      ]),
    },
    { escapeFormulae: FORMULA },
  )}`;
}
