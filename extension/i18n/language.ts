import { LOCALES, resolveLocale, type Locale } from './index';

/** Where the rep's language choice is kept (this browser): a locale, or "auto" to follow the browser. */
export const LANGUAGE_KEY = 'language';
export type LanguageChoice = Locale | 'auto';

export function browserLocale(): Locale {
  return resolveLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export async function readLanguageChoice(): Promise<LanguageChoice> {
  const stored = (await browser.storage.local.get(LANGUAGE_KEY))[LANGUAGE_KEY];
  return typeof stored === 'string' && (LOCALES as readonly string[]).includes(stored) ? (stored as Locale) : 'auto';
}

export async function saveLanguageChoice(choice: LanguageChoice): Promise<void> {
  await browser.storage.local.set({ [LANGUAGE_KEY]: choice });
}

/** The language the rep reads Margin in: their choice in Options, else the browser's. */
export async function readLocale(): Promise<Locale> {
  const choice = await readLanguageChoice();
  return choice === 'auto' ? browserLocale() : choice;
}

/** Calls `onChange` with the new language whenever the rep picks another one; returns the unsubscribe. */
export function watchLocale(onChange: (locale: Locale) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && LANGUAGE_KEY in changes) void readLocale().then(onChange);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
