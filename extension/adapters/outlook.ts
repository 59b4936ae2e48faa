import { parseNamedAddress } from '../../shared/email';
import type { PagePerson } from '../../shared/page-context';
import { all, bodyText, first, parseShownDate, text } from './dom';
import type { PageReading, SiteAdapter } from './types';

/**
 * Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com). Its class
 * names are generated, so the table prefers ARIA labels, roles and test ids; fallbacks newest first.
 * People are shown as `Name <address>` in a title, an ARIA label or the text itself.
 */
export const OUTLOOK_SELECTORS = {
  readingPane: [
    '[data-app-section="ConversationContainer"]',
    '#ConversationReadingPaneContainer',
    '[aria-label="Reading Pane"]',
    '#ReadingPaneContainerId',
  ],
  subject: ['[data-testid="ConversationSubject"]', '[role="heading"][aria-level="2"]', 'span.JdFsz'],
  message: ['[data-testid="MessageItem"]', '[aria-label="Email message"]', 'div[role="document"]'],
  sender: ['[data-testid="SenderPersona"]', '[aria-label^="From:"]', 'span.OZZZK'],
  /** Recipient rows, labelled "To:", "Cc:", "Bcc:"; each holds persona elements. */
  recipientRows: ['[data-testid="RecipientWell"]', '[aria-label^="To:"], [aria-label^="Cc:"], [aria-label^="Bcc:"]'],
  persona: ['[title*="@"]', '[aria-label*="@"]', 'span'],
  date: ['[data-testid="SentReceivedSavedTime"]', '[aria-label^="Sent:"]', 'div.AL_OM'],
  body: ['[aria-label="Message body"]', '#UniqueMessageBody', 'div.XbIp4'],
  compose: ['[data-testid="ComposeForm"]', '[data-app-section="Form_Content"]', 'div[aria-label="Compose"]'],
  composeSubject: ['input[aria-label="Add a subject"]', 'input[placeholder="Add a subject"]'],
  composeWells: ['div[aria-label="To"], div[aria-label="Cc"], div[aria-label="Bcc"]'],
} as const;

type Role = PagePerson['role'];

function roleOf(label: string | null | undefined): Role {
  const l = (label ?? '').trim().toLowerCase();
  if (l.startsWith('cc')) return 'cc';
  if (l.startsWith('bcc')) return 'bcc';
  if (l.startsWith('from')) return 'from';
  return 'to';
}

function personOf(el: Element, role: Role): PagePerson | null {
  for (const candidate of [el.getAttribute('title'), el.getAttribute('aria-label'), el.textContent]) {
    if (!candidate) continue;
    const parsed = parseNamedAddress(candidate.replace(/^\s*(from|to|cc|bcc|sent by)\s*:\s*/iu, ''));
    if (parsed)
      return {
        ...parsed,
        name:
          parsed.name ||
          text(el, 200)
            .replace(/<[^>]*>/gu, '')
            .trim(),
        role,
      };
  }
  return null;
}

function add(people: Map<string, PagePerson>, person: PagePerson | null) {
  if (!person || people.size >= 100) return;
  const known = people.get(person.email);
  if (!known) people.set(person.email, person);
  else if (!known.name && person.name) known.name = person.name;
}

function personas(row: Element): Element[] {
  for (const selector of OUTLOOK_SELECTORS.persona) {
    const found = Array.from(row.querySelectorAll(selector)).filter((el) =>
      /@/u.test(el.getAttribute('title') ?? el.getAttribute('aria-label') ?? el.textContent ?? ''),
    );
    if (found.length) return found;
  }
  return [];
}

/** Conversation and item ids live in the URL: `/mail/inbox/id/<id>`, `/mail/id/<id>`, `/mail/deeplink/read/<id>`. */
function idFromUrl(url: URL): string | undefined {
  const match = /\/(?:id|read)\/([^/?#]+)/u.exec(url.pathname);
  return match ? decodeURIComponent(match[1]!).slice(0, 200) : undefined;
}

function readThread(url: URL, pane: Element): PageReading | null {
  const people = new Map<string, PagePerson>();
  const messages = all(pane, OUTLOOK_SELECTORS.message);
  const latest = messages[messages.length - 1] ?? pane;
  let anchor: Element | null = null;
  for (const message of [latest, ...messages.slice(0, -1).reverse()]) {
    const sender = first(message, OUTLOOK_SELECTORS.sender);
    const person = sender
      ? (personOf(sender, 'from') ??
        personas(sender)
          .map((el) => personOf(el, 'from'))
          .find(Boolean) ??
        null)
      : null;
    if (sender && person) {
      add(people, person);
      anchor ??= sender;
    }
    for (const row of all(message, OUTLOOK_SELECTORS.recipientRows)) {
      const role = roleOf(row.getAttribute('aria-label') ?? row.getAttribute('data-role') ?? text(row, 5));
      for (const el of personas(row)) add(people, personOf(el, role === 'from' ? 'to' : role));
    }
  }
  if (people.size === 0) return null;
  const subject = text(first(pane, OUTLOOK_SELECTORS.subject));
  const dateEl = first(latest, OUTLOOK_SELECTORS.date);
  const sentAt = parseShownDate(dateEl?.getAttribute('title') ?? dateEl?.textContent?.replace(/^\s*sent:\s*/iu, ''));
  const id = idFromUrl(url);
  const messageId = latest.getAttribute('data-item-id') ?? id;
  return {
    anchor,
    root: pane,
    context: {
      site: 'outlook',
      url: url.href,
      link: url.href,
      people: [...people.values()],
      domains: [],
      ...(subject ? { subject } : {}),
      ...(id ? { threadId: id } : {}),
      ...(messageId ? { messageId: messageId.slice(0, 200) } : {}),
      ...(sentAt ? { sentAt } : {}),
    },
  };
}

function readCompose(url: URL, compose: Element): PageReading | null {
  const people = new Map<string, PagePerson>();
  for (const well of all(compose, OUTLOOK_SELECTORS.composeWells)) {
    const role = roleOf(well.getAttribute('aria-label'));
    for (const el of personas(well)) add(people, personOf(el, role));
  }
  if (people.size === 0) return null;
  const subject = (first(compose, OUTLOOK_SELECTORS.composeSubject) as HTMLInputElement | null)?.value?.trim();
  return {
    anchor: null,
    root: compose,
    context: {
      site: 'outlook',
      url: url.href,
      people: [...people.values()],
      domains: [],
      compose: true,
      ...(subject ? { subject: subject.slice(0, 1000) } : {}),
    },
  };
}

function isDemoOutlook(url: URL): boolean {
  return (
    import.meta.env.MODE !== 'production' && url.hostname === '127.0.0.1' && url.pathname.startsWith('/demo/outlook')
  );
}

export const outlookAdapter: SiteAdapter = {
  site: 'outlook',
  matches: (url) =>
    ['outlook.office.com', 'outlook.office365.com', 'outlook.live.com'].includes(url.hostname) || isDemoOutlook(url),
  watch: [...OUTLOOK_SELECTORS.readingPane, ...OUTLOOK_SELECTORS.message, ...OUTLOOK_SELECTORS.compose].join(', '),
  read(doc, url) {
    const composes = all(doc, OUTLOOK_SELECTORS.compose);
    const focused = composes.find((c) => c.contains(doc.activeElement));
    if (focused) return readCompose(url, focused);
    const pane = first(doc, OUTLOOK_SELECTORS.readingPane);
    const fromThread = pane ? readThread(url, pane) : null;
    if (fromThread) return fromThread;
    const last = composes[composes.length - 1];
    return last ? readCompose(url, last) : null;
  },
  messageText(doc, email) {
    const pane = first(doc, OUTLOOK_SELECTORS.readingPane);
    if (!pane) return null;
    const message = all(pane, OUTLOOK_SELECTORS.message)
      .reverse()
      .find((m) => {
        const sender = first(m, OUTLOOK_SELECTORS.sender);
        return sender ? personOf(sender, 'from')?.email === email : false;
      });
    const body = message ? first(message, OUTLOOK_SELECTORS.body) : null;
    return body ? bodyText(body) : null;
  },
};
