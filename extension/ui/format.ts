/** The language dates and numbers are written in: the pages' language (set by the I18nProvider), else the browser's. */
let locale: string | undefined;
let relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function setFormatLocale(next: string): void {
  if (next === locale) return;
  locale = next;
  relative = new Intl.RelativeTimeFormat(next, { numeric: 'auto' });
}

/** "now", "3 minutes ago", "yesterday" (刚刚, 3分钟前, 어제 …): for sync status and timelines. */
export function formatRelative(at: number, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return relative.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

/** Formats made once per language: `toLocaleDateString` builds one per call (20 ms for a board's cards). */
let dateFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;
let formatsFor: string | undefined;
function dateFormats(): { date: Intl.DateTimeFormat; day: Intl.DateTimeFormat } {
  if (!dateFormat || !dayFormat || formatsFor !== locale) {
    formatsFor = locale;
    dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
    dayFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  }
  return { date: dateFormat, day: dayFormat };
}

/** Intl throws on a date past its range (a far-future clock); such a date reads as the browser writes it. */
function formatWith(format: Intl.DateTimeFormat, date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : format.format(date);
}

export function formatDate(at: number): string {
  return formatWith(dateFormats().date, new Date(at));
}

/** A link's address if it is a web address (http or https); anything else (javascript:, data:) is not linked. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** An amount in its currency, in the page's language: "€12,500", "12.500 €", "₩1,250,000", "US$12,500". */
export function formatMoney(amount: number, currency: string, options: { compact?: boolean } = {}): string {
  // Whole amounts without cents (12,500, not 12,500.00); cents where there are some (48,000.50).
  const digits = options.compact ? 1 : Number.isInteger(amount) ? 0 : 2;
  const key = `${locale ?? ''}|${currency}|${options.compact ? 'c' : ''}|${digits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: 0,
        maximumFractionDigits: digits,
        ...(options.compact ? { notation: 'compact' } : {}),
      });
    } catch {
      // A code Intl does not know (a made-up one in a teammate's deal): the number and the code.
      const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      format = { format: (n: number) => `${plain.format(n)} ${currency}` } as Intl.NumberFormat;
    }
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}

/** A calendar day `YYYY-MM-DD` (a close date) as the page's language writes it, whatever the time zone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return formatWith(dateFormats().day, new Date(Date.UTC(y, m - 1, d)));
}

/** Today as a calendar day `YYYY-MM-DD` in the rep's time zone. */
export function todayDay(now = Date.now()): string {
  const date = new Date(now);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(kind: 'percent' | 'number'): Intl.NumberFormat {
  const key = `${locale ?? ''}|${kind}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      locale,
      kind === 'percent' ? { style: 'percent', maximumFractionDigits: 0 } : { maximumFractionDigits: 1 },
    );
    numberFormats.set(key, format);
  }
  return format;
}

/** A share 0–1 as a whole percentage in the page's language: "60%", "60 %". */
export function formatPercent(share: number): string {
  return numberFormat('percent').format(share);
}

/** A count or score in the page's language (12,500; 7.5). */
export function formatNumber(n: number): string {
  return numberFormat('number').format(n);
}
