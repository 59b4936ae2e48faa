import { emailFromPage } from '../../shared/email';
import type { PageContext, PagePerson } from '../../shared/page-context';
import type { SiteAdapter } from './types';

/**
 * Gmail's markup, as read by mature Gmail extensions (DESIGN §1). Each entry lists fallbacks,
 * newest first: a broken selector is a one-line fix here.
 */
export const GMAIL_SELECTORS = {
  thread: ['.a98.iY', '.if'],
  subject: ['h2.hP'],
  sender: ['td.gF span[email]', 'span.gD[email]'],
  recipients: ['.hb span[email]'],
  threadId: ['[data-legacy-thread-id]'],
} as const;

function first(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const found = root.querySelector(s);
    if (found) return found;
  }
  return null;
}

function all(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const s of selectors) {
    const found = root.querySelectorAll(s);
    if (found.length) return Array.from(found);
  }
  return [];
}

function person(el: Element, role: PagePerson['role']): PagePerson | null {
  const email = emailFromPage(el.getAttribute('email') ?? '');
  if (!email) return null;
  return { email, name: (el.getAttribute('name') ?? el.textContent ?? '').trim().slice(0, 200), role };
}

function isDemoGmail(url: URL): boolean {
  return import.meta.env.MODE !== 'production' && url.hostname === '127.0.0.1' && url.pathname.startsWith('/demo/inbox');
}

export const gmailAdapter: SiteAdapter = {
  site: 'gmail',
  matches: (url) => url.hostname === 'mail.google.com' || isDemoGmail(url),
  read(doc, url): PageContext | null {
    const thread = first(doc, GMAIL_SELECTORS.thread);
    if (!thread) return null;
    const people = new Map<string, PagePerson>();
    for (const el of all(thread, GMAIL_SELECTORS.sender)) {
      const p = person(el, 'from');
      if (p && !people.has(p.email)) people.set(p.email, p);
    }
    for (const el of all(thread, GMAIL_SELECTORS.recipients)) {
      const p = person(el, 'to');
      if (p && !people.has(p.email)) people.set(p.email, p);
    }
    if (people.size === 0) return null;
    const subject = first(thread, GMAIL_SELECTORS.subject)?.textContent?.trim();
    const threadId = first(thread, GMAIL_SELECTORS.threadId)?.getAttribute('data-legacy-thread-id') ?? undefined;
    return {
      site: 'gmail',
      url: url.href,
      people: [...people.values()].slice(0, 100),
      domains: [],
      ...(subject ? { subject: subject.slice(0, 1000) } : {}),
      ...(threadId ? { threadId } : {}),
    };
  },
};
