import { useEffect, useId, useState } from 'react';
import { LOCALES, LOCALE_NAMES, resolveLocale } from '../i18n';
import { readLanguageChoice, saveLanguageChoice, useT, type LanguageChoice } from '../i18n/react';

/** Options → Language: follow the browser (default) or pick one; applies at once in every Margin page. */
export function LanguageSetting() {
  const { t } = useT();
  const id = useId();
  const [choice, setChoice] = useState<LanguageChoice | null>(null);
  useEffect(() => {
    void readLanguageChoice().then(setChoice);
  }, []);
  const browserName =
    LOCALE_NAMES[resolveLocale(navigator.languages?.length ? navigator.languages : [navigator.language])];
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('language.title')}
      </h2>
      <label className="field">
        {t('language.label')}
        <select
          value={choice ?? 'auto'}
          disabled={choice === null}
          onChange={(e) => {
            const next = e.target.value as LanguageChoice;
            setChoice(next);
            void saveLanguageChoice(next);
          }}
          data-testid="language"
        >
          <option value="auto">{t('language.auto', { language: browserName })}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{t('language.help')}</p>
    </section>
  );
}
