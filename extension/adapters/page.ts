import { emailFromPage } from '../../shared/email';
import type { PageDetails } from '../../shared/page-context';
import type { PageMark, SiteAdapter } from './types';

/** Bounds on what is read from an ordinary page, so a huge page costs no more than a small one. */
export const PAGE_LIMITS = {
  addresses: 200,
  /** Characters of text looked through for addresses. */
  textChars: 300_000,
  /** Text nodes visited. */
  textNodes: 20_000,
  jsonLdScripts: 10,
  jsonLdChars: 200_000,
} as const;

const ORG_TYPE = /Organization|Organisation|Corporation|LocalBusiness|Company|NGO|EducationalOrganization/i;
const ADDRESS_IN_TEXT = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** A mailto link's text that is an instruction, not the person's name ("Email us", "发邮件"). */
const NOT_A_NAME =
  /^(e-?mail( us| me)?|mail( us| me)?|send (an )?e-?mail|write( to)? us|contact( us| me)?|kontakt|e-?mail senden|nachricht|发邮件|发送邮件|邮件|邮箱|联系(我们)?|發郵件|電郵|聯絡(我們)?|메일( 보내기)?|이메일|문의(하기)?|連絡)$/i;
const SKIP_TEXT_IN = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TEMPLATE', 'MARGIN-CHIP', 'CODE', 'PRE']);

function meta(doc: Document, selector: string, max: number): string {
  return (doc.querySelector<HTMLMetaElement>(selector)?.content ?? '').replace(/\s+/gu, ' ').trim().slice(0, max);
}

interface JsonLdOrg {
  names: string[];
  urls: string[];
  description: string;
}

/** Organisations in the page's JSON-LD: top-level items and `@graph` (nested ones, like an article's publisher, are not what the page is about). */
function jsonLdOrganisations(doc: Document): JsonLdOrg[] {
  const found: JsonLdOrg[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json" i]');
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.slice(0, 50).forEach(visit);
    if (!node || typeof node !== 'object') return;
    const item = node as Record<string, unknown>;
    if (Array.isArray(item['@graph'])) visit(item['@graph']);
    const type = item['@type'];
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => typeof t === 'string' && ORG_TYPE.test(t))) return;
    const strings = (value: unknown): string[] =>
      (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
        .map((v) => v.trim().slice(0, 200));
    found.push({
      names: [...strings(item.name), ...strings(item.legalName), ...strings(item.alternateName)],
      urls: strings(item.url).slice(0, 5),
      description: strings(item.description)[0] ?? '',
    });
  };
  for (let i = 0; i < Math.min(scripts.length, PAGE_LIMITS.jsonLdScripts); i++) {
    const text = scripts[i]!.textContent ?? '';
    if (text.length > PAGE_LIMITS.jsonLdChars) continue;
    try {
      visit(JSON.parse(text));
    } catch {
      // Broken JSON-LD is common; the rest of the page still counts.
    }
  }
  return found;
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The first address of a `mailto:` link; '' when its escapes are broken (one bad link must not cost the page its reading). */
export function mailtoAddress(href: string): string {
  const target = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
  try {
    return (decodeURIComponent(target).split(',')[0] ?? '').trim();
  } catch {
    return '';
  }
}

/**
 * Addresses on the page: `mailto:` links, then text, within fixed bounds (PAGE_LIMITS). Each comes
 * with where it is, so the content script can mark the ones the team knows.
 */
function pageAddresses(doc: Document): { addresses: PageDetails['addresses']; marks: PageMark[] } {
  const addresses = new Map<string, string>();
  const marks: PageMark[] = [];
  const add = (email: string, name: string, range: Range) => {
    if (!addresses.has(email)) {
      if (addresses.size >= PAGE_LIMITS.addresses) return;
      addresses.set(email, name);
    } else if (!addresses.get(email) && name) addresses.set(email, name);
    if (marks.length < PAGE_LIMITS.addresses * 2) marks.push({ email, range });
  };

  const links = doc.querySelectorAll<HTMLAnchorElement>('a[href^="mailto:" i]');
  for (let i = 0; i < links.length && addresses.size < PAGE_LIMITS.addresses; i++) {
    const link = links[i]!;
    const email = emailFromPage(mailtoAddress(link.getAttribute('href')!));
    if (!email) continue;
    const label = (link.textContent ?? '').replace(/\s+/gu, ' ').trim();
    const range = doc.createRange();
    range.selectNodeContents(link);
    add(email, label && !label.includes('@') && !NOT_A_NAME.test(label) ? label.slice(0, 200) : '', range);
  }

  if (doc.body && addresses.size < PAGE_LIMITS.addresses) {
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    let chars = 0;
    let nodes = 0;
    for (
      let node = walker.nextNode();
      node && chars < PAGE_LIMITS.textChars && nodes < PAGE_LIMITS.textNodes;
      node = walker.nextNode()
    ) {
      nodes++;
      const value = node.nodeValue ?? '';
      chars += value.length;
      if (!value.includes('@')) continue;
      const parent = node.parentElement;
      if (!parent || SKIP_TEXT_IN.has(parent.tagName) || parent.closest('a[href^="mailto:" i]')) continue;
      for (const match of value.matchAll(ADDRESS_IN_TEXT)) {
        const email = emailFromPage(match[0].replace(/\.$/, ''));
        if (!email) continue;
        const range = doc.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        add(email, '', range);
        if (addresses.size >= PAGE_LIMITS.addresses) break;
      }
    }
  }
  return { addresses: [...addresses].map(([email, name]) => ({ email, name })), marks };
}

/**
 * Any other page (architecture §1): the site's host, the organisation it names (JSON-LD, `og:site_name`,
 * the title) and the addresses on it. The background reduces hosts to registrable domains and
 * matches names against the team's accounts; nothing here leaves the browser.
 */
export const pageAdapter: SiteAdapter = {
  site: 'page',
  matches: () => true,
  read(doc, url) {
    const orgs = jsonLdOrganisations(doc);
    const siteName = meta(doc, 'meta[property="og:site_name"]', 200);
    const title = (doc.title ?? '').replace(/\s+/gu, ' ').trim().slice(0, 300);
    const description =
      orgs.find((o) => o.description)?.description.slice(0, 1000) ||
      meta(doc, 'meta[name="description" i]', 1000) ||
      meta(doc, 'meta[property="og:description"]', 1000);
    const names = [...new Set([...orgs.flatMap((o) => o.names), ...(siteName ? [siteName] : [])])].slice(0, 12);
    const { addresses, marks } = pageAddresses(doc);
    const hosts = [url.hostname.toLowerCase(), ...orgs.flatMap((o) => o.urls.map(hostOf))].filter(
      (h): h is string => !!h,
    );
    return {
      anchor: null,
      root: null,
      marks,
      context: {
        site: 'page',
        url: url.href,
        people: [],
        domains: [...new Set(hosts)].slice(0, 20),
        ...(siteName ? { org: siteName } : {}),
        page: { title, description, names, addresses },
      },
    };
  },
};
