import type { PageContext } from '../../shared/page-context';

/** What an adapter read from the page: the context for the background, and where the chip goes. */
export interface PageReading {
  context: PageContext;
  /** The element the chip is drawn beside (the open message's sender); null for a floating chip. */
  anchor: Element | null;
  /** The part of the page the context came from (the thread or compose window); changes elsewhere are ignored. */
  root: Element | null;
  /** Where addresses appear on an ordinary page, to mark the ones the team knows; never sent anywhere. */
  marks?: PageMark[];
}

export interface PageMark {
  email: string;
  range: Range;
}

/** One per site (architecture §1): reads the page into a PageContext; null when it finds nothing to read. */
export interface SiteAdapter {
  readonly site: PageContext['site'];
  matches(url: URL): boolean;
  /** Elements whose appearance means there may be something new to read (a thread, a compose window). */
  readonly watch?: string;
  read(doc: Document, url: URL): PageReading | null;
  /**
   * The text of the newest message from `email` in the open thread (for a signature, or for
   * "include text" when logging). Read only when the rep asks; it stays in the browser.
   */
  messageText?(doc: Document, email: string): string | null;
}
