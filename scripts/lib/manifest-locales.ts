import { LOCALES, type Locale, type MessageKey } from '../../extension/i18n';
import { CATALOGS } from '../../extension/i18n/catalogs';

/** The folder names the browsers use for each of Margin's languages (`_locales/<name>/messages.json`). */
const BROWSER_LOCALE: Record<Locale, string> = { en: 'en', 'zh-CN': 'zh_CN', 'zh-TW': 'zh_TW', ko: 'ko' };

/** The manifest's words (`__MSG_<name>__`), each a message of the UI catalogs, so there is one translation of each. */
const MANIFEST_MESSAGES = {
  extDescription: 'manifest.description',
  actionTitle: 'manifest.actionTitle',
  cmdOpenPanel: 'shortcuts.open-panel',
  cmdSearch: 'shortcuts.search',
  cmdAddNote: 'shortcuts.add-note',
  cmdCaptureSender: 'shortcuts.capture-sender',
  cmdOpenPortfolio: 'shortcuts.open-portfolio',
} as const satisfies Record<string, MessageKey>;
export type ManifestMessage = keyof typeof MANIFEST_MESSAGES;

/** A manifest field in the browser's language: `__MSG_name__`, filled from `_locales`. */
export const manifestMessage = (name: ManifestMessage) => `__MSG_${name}__`;

/** `_locales/*\/messages.json` for every language, written into the build by wxt.config.ts. */
export function manifestLocaleFiles(): { relativeDest: string; contents: string }[] {
  return LOCALES.map((locale) => ({
    relativeDest: `_locales/${BROWSER_LOCALE[locale]}/messages.json`,
    contents: `${JSON.stringify(Object.fromEntries(Object.entries(MANIFEST_MESSAGES).map(([name, key]) => [name, { message: CATALOGS[locale][key] }])), null, 2)}\n`,
  }));
}
