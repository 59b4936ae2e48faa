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

export function formatDate(at: number): string {
  return new Date(at).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
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
