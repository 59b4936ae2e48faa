import type { PageContext } from '../../shared/page-context';
import { gmailAdapter } from './gmail';
import { pageAdapter } from './page';
import type { SiteAdapter } from './types';

/** Site adapters, most specific first; the generic page adapter is the fallback. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [gmailAdapter];

/** Reads the page with its site's adapter, degrading to the generic page adapter; never throws into the page. */
export function readPage(doc: Document, url: URL): PageContext {
  for (const adapter of SITE_ADAPTERS) {
    if (!adapter.matches(url)) continue;
    try {
      const context = adapter.read(doc, url);
      if (context) return context;
    } catch (error) {
      console.debug(`[margin] ${adapter.site} adapter failed; using the generic page reader`, error);
    }
  }
  return pageAdapter.read(doc, url)!;
}
