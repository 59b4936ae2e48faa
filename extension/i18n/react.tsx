import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setFormatLocale } from '../ui/format';
import type { PromptText } from '../../shared/prompts';
import { hasCatalog, loadCatalog, translate, type Locale, type MessageKey, type MessageVars } from './index';
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

/**
 * Gives the pages the rep's language: their choice in Options, else the browser's; follows a change
 * at once. A language other than English arrives as its own chunk: the page waits the few
 * milliseconds it takes rather than flash English, and stays in English if it cannot load.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale | null>(() => {
    const first = browserLocale();
    return hasCatalog(first) ? first : null;
  });
  useEffect(() => {
    let alive = true;
    let latest = 0;
    // The last language asked for wins, whichever catalog arrives first.
    const apply = (next: Locale) => {
      const asked = ++latest;
      void loadCatalog(next).then(
        () => alive && asked === latest && setLocale(next),
        () => alive && asked === latest && setLocale('en'),
      );
    };
    if (!hasCatalog(browserLocale())) apply(browserLocale());
    void readLocale().then(apply);
    const unwatch = watchLocale(apply);
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  if (!locale) return null;
  return <LocaleProvider locale={locale}>{children}</LocaleProvider>;
}

function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
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
