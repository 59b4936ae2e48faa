import type { PromptText, PromptVar } from '../../shared/prompts';
import { translate, type Locale, type MessageVars } from './index';

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, kind: 'date' | 'time'): Intl.DateTimeFormat {
  let f = dateFormats.get(`${locale}:${kind}`);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      kind === 'date'
        ? { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' } // a calendar day, written as that day
        : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    );
    dateFormats.set(`${locale}:${kind}`, f);
  }
  return f;
}

function writeVar(locale: Locale, value: PromptVar): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('date' in value)
    return format(locale, 'date').format(Date.UTC(value.date.year, value.date.month - 1, value.date.day));
  if ('time' in value) return format(locale, 'time').format(value.time);
  return writePromptText(locale, value);
}

/** A prompt's title or reason in `locale`: its message with every value written for that language. */
export function writePromptText(locale: Locale, text: PromptText): string {
  if (!text.vars) return translate(locale, text.key);
  const vars: MessageVars = {};
  for (const [name, value] of Object.entries(text.vars)) vars[name] = writeVar(locale, value);
  return translate(locale, text.key, vars);
}
