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
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
]);

export function isFreeMailDomain(domainName: string): boolean {
  return FREE_MAIL_DOMAINS.has(domainName.toLowerCase());
}

/**
 * The one form a domain is compared in: lower-case ASCII (IDNA, so `例子.中国` and
 * `xn--fsqu00a.xn--fiqs8s` are the same key), without a trailing dot or `www.`; null if it is not a host name.
 */
export function domainKey(input: string): string | null {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  if (!value || /[\s/@:?#]/.test(value)) return null;
  try {
    const host = new URL(`http://${value}`).hostname;
    return host.startsWith('www.') ? host.slice(4) : host;
  } catch {
    return null;
  }
}

/**
 * The domains a page's host could be filed under: the host itself, then each parent down to its
 * registrable domain (`a.b.example.co.uk` → `a.b.example.co.uk`, `b.example.co.uk`, `example.co.uk`),
 * as domain keys. Nothing for IP addresses and bare public suffixes.
 */
export function hostCandidates(hostname: string): string[] {
  const host = domainKey(hostname);
  if (!host) return [];
  const registrable = registrableDomain(host);
  if (!registrable) return [];
  const out: string[] = [];
  let current = host;
  while (current.length >= registrable.length) {
    out.push(current);
    if (current === registrable) break;
    current = current.slice(current.indexOf('.') + 1);
  }
  return out;
}
