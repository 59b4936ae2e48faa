import type { PageContext } from '../../shared/page-context';

/** One per site (DESIGN §1): reads the page into a PageContext; null when it finds nothing to read. */
export interface SiteAdapter {
  readonly site: PageContext['site'];
  matches(url: URL): boolean;
  read(doc: Document, url: URL): PageContext | null;
}
