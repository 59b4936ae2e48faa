import { getDomain } from 'tldts';

export { normalizeEmail } from './email';

/** The registrable domain (public-suffix aware) of a host name, URL or email address; null if there is none. */
export function registrableDomain(input: string): string | null {
  const value = input.trim().toLowerCase();
  const host = value.includes('@') && !value.includes('/') ? value.slice(value.lastIndexOf('@') + 1) : value;
  return getDomain(host, { allowPrivateDomains: false }) ?? null;
}

/** Personal mailbox providers: an address there never identifies a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de',
  'mail.ru', 'yandex.ru', 'qq.com', '163.com', '126.com', 'sina.com', 'naver.com', 'daum.net', 'hanmail.net',
]);

export function isFreeMailDomain(domainName: string): boolean {
  return FREE_MAIL_DOMAINS.has(domainName.toLowerCase());
}

