import { en, type MessageKey } from './en';
import { ko } from './ko';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';

export type { MessageKey } from './en';
export type Messages = Record<MessageKey, string>;

export const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  ko: '한국어',
};

export const CATALOGS: Record<Locale, Messages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ko };

/**
 * The first of the browser's languages Margin speaks: zh-Hant, zh-TW, zh-HK and zh-MO read
 * Traditional Chinese; other Chinese reads Simplified; ko Korean; everything else English.
 */
export function resolveLocale(preferences: readonly string[]): Locale {
  for (const tag of preferences) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(lower) ? 'zh-TW' : 'zh-CN';
    if (lower === 'ko' || lower.startsWith('ko-')) return 'ko';
  }
  return 'en';
}

export type MessageVars = Record<string, string | number>;

/**
 * The message for `key` in `locale` with its {placeholders} filled (numbers formatted for the
 * locale). With a numeric `count`, a `<key>_one` message is used where the locale's plural rules
 * say "one" (English "1 contact"; Chinese and Korean have no such form).
 */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const catalog = CATALOGS[locale];
  let template = catalog[key];
  if (typeof vars?.count === 'number') {
    const one = `${key}_one` as MessageKey;
    if (one in catalog && new Intl.PluralRules(locale).select(vars.count) === 'one') template = catalog[one];
  }
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}

/** The {placeholders} a message uses, for checking that every translation keeps them. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
