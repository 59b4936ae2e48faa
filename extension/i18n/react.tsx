import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setFormatLocale } from '../lib/format';
import { LOCALES, resolveLocale, translate, type Locale, type MessageKey, type MessageVars } from './index';

/** Where the rep's language choice is kept (this browser): a locale, or "auto" to follow the browser. */
export const LANGUAGE_KEY = 'language';
export type LanguageChoice = Locale | 'auto';

function browserLocale(): Locale {
  return resolveLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export async function readLanguageChoice(): Promise<LanguageChoice> {
  const stored = (await browser.storage.local.get(LANGUAGE_KEY))[LANGUAGE_KEY];
  return typeof stored === 'string' && (LOCALES as readonly string[]).includes(stored) ? (stored as Locale) : 'auto';
}

export async function saveLanguageChoice(choice: LanguageChoice): Promise<void> {
  await browser.storage.local.set({ [LANGUAGE_KEY]: choice });
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: MessageVars) => string;
}

const make = (locale: Locale): I18n => ({ locale, t: (key, vars) => translate(locale, key, vars) });
const I18nContext = createContext<I18n>(make('en'));

/** Gives the pages the rep's language: their choice in Options, else the browser's; follows a change at once. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(browserLocale);
  useEffect(() => {
    const apply = (choice: LanguageChoice) => setLocale(choice === 'auto' ? browserLocale() : choice);
    void readLanguageChoice().then(apply);
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && LANGUAGE_KEY in changes) void readLanguageChoice().then(apply);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  const value = useMemo(() => make(locale), [locale]);
  setFormatLocale(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  return useContext(I18nContext);
}
