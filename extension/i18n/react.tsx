import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setFormatLocale } from '../ui/format';
import type { PromptText } from '../../shared/prompts';
import { translate, type Locale, type MessageKey, type MessageVars } from './index';
import { browserLocale, readLocale, watchLocale } from './language';
import { writePromptText } from './prompt-text';
import { setErrorLocale } from './errors';

export { LANGUAGE_KEY, readLanguageChoice, saveLanguageChoice, type LanguageChoice } from './language';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: MessageVars) => string;
  /** A next-step prompt's title or reason in this language. */
  words: (text: PromptText) => string;
}

const make = (locale: Locale): I18n => ({
  locale,
  t: (key, vars) => translate(locale, key, vars),
  words: (text) => writePromptText(locale, text),
});
const I18nContext = createContext<I18n>(make('en'));

/** Gives the pages the rep's language: their choice in Options, else the browser's; follows a change at once. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(browserLocale);
  useEffect(() => {
    void readLocale().then(setLocale);
    return watchLocale(setLocale);
  }, []);
  const value = useMemo(() => make(locale), [locale]);
  setFormatLocale(locale);
  setErrorLocale(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  return useContext(I18nContext);
}
