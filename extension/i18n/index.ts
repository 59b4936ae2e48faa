import { en, type MessageKey } from './en';

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

/**
 * The catalogs at hand. English is always here (it is every message's fallback); a page loads the
 * rep's other language on demand (`loadCatalog`, a chunk of its own), so the 150 KB of the three
 * others never sit on a page's way to its first paint. The background registers all four at start
 * (a service worker cannot import on demand).
 */
const catalogs: Partial<Record<Locale, Messages>> = { en };

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
  'zh-TW': () => import('./zh-TW').then((m) => m.zhTW),
  ko: () => import('./ko').then((m) => m.ko),
};

/** True when `locale`'s messages are at hand (English always is). */
export function hasCatalog(locale: Locale): boolean {
  return catalogs[locale] !== undefined;
}

/** Makes `locale`'s messages available (statically imported ones, in the background and in tests). */
export function registerCatalog(locale: Locale, messages: Messages): void {
  catalogs[locale] = messages;
}

const loading = new Map<Locale, Promise<void>>();

/** Loads `locale`'s catalog once; until it is here, `translate` writes English. */
export function loadCatalog(locale: Locale): Promise<void> {
  if (locale === 'en' || catalogs[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = LOADERS[locale]().then(
      (messages) => registerCatalog(locale, messages),
      (error: unknown) => {
        loading.delete(locale); // e.g. the extension was updated under an open page: a later try may work
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

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
  const catalog = catalogs[locale] ?? en;
  let template = catalog[key];
  if (typeof vars?.count === 'number') {
    const one = `${key}_one` as MessageKey;
    if (one in catalog && intlOf(locale).plural.select(vars.count) === 'one') template = catalog[one];
  }
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? intlOf(locale).number.format(value) : value;
  });
}

/**
 * Each language's plural rules and number format, made once: building them is what a translation
 * cost (`toLocaleString` makes a new formatter per call), and a board of cards asks thousands of times.
 */
const intl = new Map<Locale, { plural: Intl.PluralRules; number: Intl.NumberFormat }>();
function intlOf(locale: Locale) {
  let found = intl.get(locale);
  if (!found) {
    found = { plural: new Intl.PluralRules(locale), number: new Intl.NumberFormat(locale) };
    intl.set(locale, found);
  }
  return found;
}

/** The {placeholders} a message uses, for checking that every translation keeps them. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
