import { z } from 'zod';
import { email, tier, webUrl } from './records';

/** What a site adapter reads from a page (architecture §1); crosses from the page's content script to the background. */
export const pagePerson = z.object({
  email,
  name: z.string().max(200).default(''),
  role: z.enum(['from', 'to', 'cc', 'bcc']),
  /** The reader's own address (Gmail's "me"). */
  self: z.boolean().optional(),
});

/** A list read from a page: one unreadable item is dropped, not the whole page. */
function tolerantList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(z.unknown())
    .max(max)
    .transform((items) =>
      items.flatMap((value) => {
        const parsed = item.safeParse(value);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    );
}

/** People the page named. */
const pagePeople = tolerantList(pagePerson, 100);

/**
 * An address found on an ordinary web page (a `mailto:` link or text), with the link's text as the
 * name. Checked with the same light syntax test the page reader uses (up to 200 per page, on every
 * read): such an address is only ever compared with the team's contacts, whose addresses passed the
 * full `email` schema; capturing one as a contact validates it fully.
 */
const pageAddress = z.object({
  email: z
    .string()
    .max(254)
    .regex(/^[^\s@<>()[\]\\,;:"A-Z]+@[^\s@<>()[\]\\,;:"A-Z]+\.[^\s@<>()[\]\\,;:"A-Z]+$/u),
  name: z.string().max(200).default(''),
});
const pageAddresses = tolerantList(pageAddress, 200);

/** What an ordinary web page says about itself: for recognising whom it is about, and for capture. */
export const pageDetails = z.object({
  title: z.string().max(300).default(''),
  description: z.string().max(1000).default(''),
  /** Organisation names, most telling first: JSON-LD, `og:site_name`, the title's parts. */
  names: z.array(z.string().max(200)).max(12).default([]),
  addresses: pageAddresses.default([]),
});
export type PageDetails = z.infer<typeof pageDetails>;

export const pageContext = z.object({
  site: z.enum(['gmail', 'outlook', 'page']),
  url: webUrl.max(4000),
  people: pagePeople,
  subject: z.string().max(1000).optional(),
  threadId: z.string().max(200).optional(),
  /** The open (latest) message of a thread, and when it was sent. */
  messageId: z.string().max(200).optional(),
  sentAt: z.number().int().nonnegative().optional(),
  /** A link back to the thread, for a logged email. */
  link: webUrl.max(4000).optional(),
  /** True when the people are the recipients of a message being written. */
  compose: z.boolean().optional(),
  domains: z.array(z.string().max(253)).max(50),
  org: z.string().max(200).optional(),
  /** Ordinary web pages only. */
  page: pageDetails.optional(),
});
export type PageContext = z.infer<typeof pageContext>;
export type PagePerson = z.infer<typeof pagePerson>;

/** The compact answer the chip draws: who this is to the team. */
export const contextSummary = z.object({
  signedIn: z.boolean(),
  primary: z
    .object({
      kind: z.enum(['contact', 'account', 'unknown']),
      label: z.string(),
      email: z.string().optional(),
      accountName: z.string().optional(),
      tier: tier.optional(),
      openTasks: z.number().int().nonnegative(),
      notes: z.number().int().nonnegative(),
      /** The account's open deals, and the name of the one closing first. */
      openDeals: z.number().int().nonnegative().optional(),
      dealName: z.string().max(200).optional(),
    })
    .nullable(),
  knownPeople: z.number().int().nonnegative(),
  /** The chip's words in the rep's language, written by the background (the content script carries no catalog). */
  words: z.object({ detail: z.string().max(200), open: z.string().max(200), title: z.string().max(200) }).optional(),
  /** Addresses on the page that are the team's contacts (ordinary pages: marked in the page). */
  knownEmails: z.array(z.string()).max(200).default([]),
});
export type ContextSummary = z.infer<typeof contextSummary>;
