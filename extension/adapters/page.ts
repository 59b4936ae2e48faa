import { registrableDomain } from '../../shared/normalize';
import type { PageContext } from '../../shared/page-context';
import type { SiteAdapter } from './types';

function orgName(doc: Document): string | undefined {
  const og = doc.querySelector<HTMLMetaElement>('meta[property="og:site_name"]')?.content?.trim();
  return og ? og.slice(0, 200) : undefined;
}

/** Any other page: the site's registrable domain and its organisation name. */
export const pageAdapter: SiteAdapter = {
  site: 'page',
  matches: () => true,
  read(doc, url): PageContext {
    const domain = registrableDomain(url.hostname);
    const org = orgName(doc);
    return { site: 'page', url: url.href, people: [], domains: domain ? [domain] : [], ...(org ? { org } : {}) };
  },
};
