import { en } from './en';
import { ko } from './ko';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';
import { registerCatalog, type Locale, type Messages } from './index';

/**
 * Every catalog, imported at once: for the background (a service worker cannot load one on demand),
 * the build's manifest messages and the tests. Pages load the one they need (`loadCatalog`).
 */
export const CATALOGS: Record<Locale, Messages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ko };

/** Registers every catalog, so `translate` writes each language at once. */
export function registerAllCatalogs(): void {
  for (const [locale, messages] of Object.entries(CATALOGS) as [Locale, Messages][]) registerCatalog(locale, messages);
}
