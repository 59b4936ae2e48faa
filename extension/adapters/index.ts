import { gmailAdapter } from './gmail';
import { outlookAdapter } from './outlook';
import { pageAdapter } from './page';
import type { PageReading, SiteAdapter } from './types';

/** Site adapters, most specific first; the generic page adapter is the fallback. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [gmailAdapter, outlookAdapter];

/** The adapter for a URL's site (the generic page adapter when no site adapter claims it). */
export function adapterFor(url: URL): SiteAdapter {
  return SITE_ADAPTERS.find((a) => a.matches(url)) ?? pageAdapter;
}

/** Reads the page with its site's adapter, degrading to the generic page adapter; never throws into the page. */
export function readPage(doc: Document, url: URL): PageReading {
  const adapter = adapterFor(url);
  if (adapter !== pageAdapter) {
    try {
      const reading = adapter.read(doc, url);
      if (reading) return reading;
    } catch (error) {
      console.debug(`[margin] ${adapter.site} adapter failed; using the generic page reader`, error);
    }
  }
  try {
    const reading = pageAdapter.read(doc, url);
    if (reading) return reading;
  } catch {
    // Fall through to the bare minimum below.
  }
  return {
    anchor: null,
    root: null,
    context: { site: 'page', url: url.href, people: [], domains: url.hostname ? [url.hostname.toLowerCase()] : [] },
  };
}

/** The open message's text from `email`, read only on the rep's request; null when the site cannot tell. */
export function readMessageText(doc: Document, url: URL, email: string): string | null {
  try {
    return adapterFor(url).messageText?.(doc, email) ?? null;
  } catch {
    return null;
  }
}
