import { z } from 'zod';
import { ko, zhCN, zhTW, en as zodEnglish } from 'zod/v4/locales';
import { en } from './en';
import { translate, type Locale, type MessageKey, type MessageVars } from './index';

/**
 * An error the rep reads: a message key and its values. Its `message` is the English text (for logs
 * and tests); `describeError` writes it in the rep's language. `key` and `vars` are own properties,
 * so they survive the trip from the background to a page (the messaging library copies them).
 */
export class MessageError extends Error {
  readonly key: MessageKey;
  readonly vars?: MessageVars;
  constructor(key: MessageKey, vars?: MessageVars) {
    super(translate('en', key, vars));
    this.name = 'MessageError';
    this.key = key;
    if (vars) this.vars = vars;
  }
}

/** The words an error found in the extension carries for the rep, if any (kept with the sync status, where only data is stored). */
export function wordsOf(error: unknown): { key?: MessageKey; vars?: MessageVars } {
  if (!error || typeof error !== 'object') return {};
  const { key, vars } = error as { key?: unknown; vars?: MessageVars };
  return { ...(isKey(key) ? { key } : {}), ...(vars ? { vars } : {}) };
}

const ZOD_LOCALES = { en: zodEnglish, 'zh-CN': zhCN, 'zh-TW': zhTW, ko } as const;
let current: Locale = 'en';

/** The language errors are written in, here; also the language of validation messages (zod's own translations). */
export function setErrorLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  z.config(ZOD_LOCALES[locale]());
}

const isKey = (key: unknown): key is MessageKey => typeof key === 'string' && key in en;

/**
 * What went wrong, in words for the rep: a `MessageError` in their language; a server's error by
 * its code (`error.server.<code>`, with the server's own words as the detail); a validation error's
 * first problem with its field; anything else by its message.
 */
export function describeError(error: unknown, locale: Locale = current): string {
  if (error && typeof error === 'object') {
    const e = error as { key?: unknown; vars?: MessageVars; code?: unknown; message?: unknown; issues?: unknown };
    if (isKey(e.key)) return translate(locale, e.key, e.vars);
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      const key = `error.server.${e.code}`;
      if (isKey(key)) return translate(locale, key, { ...e.vars, detail: e.message });
    }
    if (Array.isArray(e.issues)) {
      const issue = (e.issues as { path?: PropertyKey[]; message?: string }[])[0];
      if (issue?.message)
        return issue.path?.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
