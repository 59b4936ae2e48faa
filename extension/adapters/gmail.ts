import { cleanDisplayName, emailFromPage, parseNamedAddress } from '../../shared/email';
import type { PagePerson } from '../../shared/page-context';
import { all, bodyText, first, parseShownDate, text } from './dom';
import type { PageReading, SiteAdapter } from './types';

/**
 * Gmail's markup, as read by mature Gmail extensions (architecture §1). Each entry lists fallbacks,
 * newest first: a broken selector is a one-line fix here.
 */
export const GMAIL_SELECTORS = {
  /** The open thread: current markup, then the classic one. */
  thread: ['.a98.iY', '.nH.if', '.if'],
  subject: ['h2.hP', '.ha h2'],
  /** Expanded messages carry their ids; collapsed ones (`.kv`, `.kQ`) show only a sender. */
  message: ['.adn[data-message-id]', '.adn[data-legacy-message-id]', '.adn', '.gs'],
  collapsedSender: ['.kv span[email]', '.kQ span[email]', '.h7:not(.adn) span.zF[email]'],
  sender: ['span.gD[email]', 'td.gF span[email]', 'h3.iw span[email]'],
  recipients: ['.hb span[email]', 'span.g2[email]'],
  /** The "show details" table: rows labelled from / to / cc / bcc. */
  detailRows: ['table.ajC tr'],
  date: ['span.g3[title]', 'span.g3'],
  body: ['div.ii.gt', 'div.a3s'],
  threadId: ['[data-legacy-thread-id]'],
  /** Compose windows (new message, pop-out) and inline replies. */
  compose: ['div.M9', 'div.AD', 'div[role="dialog"]', 'div.ip.iq'],
  composeSubject: ['input[name="subjectbox"]'],
  composeRecipients: [
    '[data-hovercard-id][data-name]',
    '.afV[data-hovercard-id]',
    '.vR [email]',
    '.vR [data-hovercard-id]',
  ],
  composeHiddenRecipients: [
    'input[type="hidden"][name="to"], input[type="hidden"][name="cc"], input[type="hidden"][name="bcc"]',
  ],
} as const;

type Role = PagePerson['role'];

/** The signed-in Gmail address, from the window title ("Inbox - rep@example.com - Gmail"). */
function ownAddress(doc: Document): string | null {
  const match = /[-–]\s*([^\s\-–]+@[^\s\-–]+)\s*[-–]/u.exec(doc.title);
  return match ? emailFromPage(match[1]!) : null;
}

function personFrom(el: Element, role: Role): PagePerson | null {
  const email = emailFromPage(el.getAttribute('email') ?? el.getAttribute('data-hovercard-id') ?? '');
  if (!email) return null;
  const shown = text(el, 200);
  const name = cleanDisplayName(el.getAttribute('name') ?? el.getAttribute('data-name') ?? shown);
  // Gmail writes "me" for the reader's own address.
  const self = shown.toLowerCase() === 'me' ? { self: true } : {};
  return { email, name: name.toLowerCase() === 'me' ? '' : name, role, ...self };
}

function roleOfLabel(label: string): Role | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/[:：]$/u, '');
  if (l === 'from' || l === '发件人' || l === '寄件者' || l === '보낸사람' || l === '보낸 사람') return 'from';
  if (l === 'to' || l === '收件人' || l === '받는사람' || l === '받는 사람') return 'to';
  if (l === 'cc' || l === '抄送' || l === '副本' || l === '참조') return 'cc';
  if (l === 'bcc' || l === '密送' || l === '密件副本' || l === '숨은참조' || l === '숨은 참조') return 'bcc';
  return null;
}

class People {
  private readonly byEmail = new Map<string, PagePerson>();
  add(person: PagePerson | null) {
    if (!person || this.byEmail.size >= 100) return;
    const known = this.byEmail.get(person.email);
    if (!known) this.byEmail.set(person.email, person);
    else if (!known.name && person.name) known.name = person.name;
  }
  list(own: string | null): PagePerson[] {
    return [...this.byEmail.values()].map((p) => (own && p.email === own ? { ...p, self: true } : p));
  }
}

function readThread(doc: Document, url: URL, thread: Element): PageReading | null {
  const people = new People();
  const messages = all(thread, GMAIL_SELECTORS.message);
  const latest = messages[messages.length - 1] ?? thread;
  // The open (newest expanded) message first: its sender is who the chip is about.
  const ordered = [latest, ...messages.slice(0, -1).reverse()];
  let anchor: Element | null = null;
  for (const message of ordered) {
    const sender = first(message, GMAIL_SELECTORS.sender);
    if (sender) {
      people.add(personFrom(sender, 'from'));
      anchor ??= sender.closest('span.qu') ?? sender;
    }
    const rows = all(message, GMAIL_SELECTORS.detailRows);
    if (rows.length) {
      for (const row of rows) {
        const role = roleOfLabel(text(row.querySelector('td'), 20));
        if (role && role !== 'from')
          for (const el of Array.from(row.querySelectorAll('[email]'))) people.add(personFrom(el, role));
      }
    } else {
      for (const el of all(message, GMAIL_SELECTORS.recipients)) people.add(personFrom(el, 'to'));
    }
  }
  for (const el of all(thread, GMAIL_SELECTORS.collapsedSender)) people.add(personFrom(el, 'from'));
  const list = people.list(ownAddress(doc));
  if (list.length === 0) return null;
  const subject = text(first(thread, GMAIL_SELECTORS.subject));
  const threadId =
    first(thread, GMAIL_SELECTORS.threadId)?.getAttribute('data-legacy-thread-id') ??
    /#[^/]+\/([A-Za-z0-9]+)$/u.exec(url.hash)?.[1];
  const messageId =
    latest.getAttribute('data-legacy-message-id') ??
    latest.getAttribute('data-message-id')?.replace(/^#/u, '') ??
    undefined;
  const dateEl = first(latest, GMAIL_SELECTORS.date);
  const sentAt = parseShownDate(dateEl?.getAttribute('title') ?? dateEl?.textContent);
  return {
    anchor,
    root: thread,
    context: {
      site: 'gmail',
      url: url.href,
      link: url.href,
      people: list,
      domains: [],
      ...(subject ? { subject } : {}),
      ...(threadId ? { threadId: threadId.slice(0, 200) } : {}),
      ...(messageId ? { messageId: messageId.slice(0, 200) } : {}),
      ...(sentAt ? { sentAt } : {}),
    },
  };
}

function roleInCompose(el: Element): Role {
  const named = el.closest('[name="to"], [name="cc"], [name="bcc"]')?.getAttribute('name');
  return named === 'cc' || named === 'bcc' ? named : 'to';
}

function readCompose(doc: Document, url: URL, compose: Element): PageReading | null {
  const people = new People();
  for (const el of all(compose, GMAIL_SELECTORS.composeRecipients)) people.add(personFrom(el, roleInCompose(el)));
  for (const input of all(compose, GMAIL_SELECTORS.composeHiddenRecipients) as HTMLInputElement[]) {
    const role = input.name === 'cc' || input.name === 'bcc' ? input.name : 'to';
    for (const part of input.value.split(/[,;](?=(?:[^"]*"[^"]*")*[^"]*$)/u)) {
      const parsed = parseNamedAddress(part);
      if (parsed) people.add({ ...parsed, role });
    }
  }
  const list = people.list(ownAddress(doc));
  if (list.length === 0) return null;
  const subject = (first(compose, GMAIL_SELECTORS.composeSubject) as HTMLInputElement | null)?.value?.trim();
  return {
    anchor: null,
    root: compose,
    context: {
      site: 'gmail',
      url: url.href,
      people: list,
      domains: [],
      compose: true,
      ...(subject ? { subject: subject.slice(0, 1000) } : {}),
    },
  };
}

function composeWindows(doc: Document): Element[] {
  return all(doc, GMAIL_SELECTORS.compose).filter((el) => first(el, GMAIL_SELECTORS.composeSubject));
}

function isDemoGmail(url: URL): boolean {
  return (
    import.meta.env.MODE !== 'production' && url.hostname === '127.0.0.1' && url.pathname.startsWith('/demo/inbox')
  );
}

export const gmailAdapter: SiteAdapter = {
  site: 'gmail',
  matches: (url) => url.hostname === 'mail.google.com' || isDemoGmail(url),
  watch: [...GMAIL_SELECTORS.thread, ...GMAIL_SELECTORS.composeSubject].join(', '),
  read(doc, url) {
    const composes = composeWindows(doc);
    const focused = composes.find((c) => c.contains(doc.activeElement));
    if (focused) return readCompose(doc, url, focused) ?? null;
    const thread = first(doc, GMAIL_SELECTORS.thread);
    const fromThread = thread ? readThread(doc, url, thread) : null;
    if (fromThread) return fromThread;
    const last = composes[composes.length - 1];
    return last ? readCompose(doc, url, last) : null;
  },
  messageText(doc, email) {
    const thread = first(doc, GMAIL_SELECTORS.thread);
    if (!thread) return null;
    const messages = all(thread, GMAIL_SELECTORS.message).reverse();
    const message = messages.find(
      (m) => emailFromPage(first(m, GMAIL_SELECTORS.sender)?.getAttribute('email') ?? '') === email,
    );
    const body = message ? first(message, GMAIL_SELECTORS.body) : null;
    return body ? bodyText(body) : null;
  },
};
