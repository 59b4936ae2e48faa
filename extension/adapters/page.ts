import type { SiteAdapter } from './types';

function orgName(doc: Document): string | undefined {
  const og = doc.querySelector<HTMLMetaElement>('meta[property="og:site_name"]')?.content?.trim();
  return og ? og.slice(0, 200) : undefined;
}

/**
 * Any other page: the site's host name and its organisation name. The background reduces the host
 * to its registrable domain (the public-suffix list is too large to ship into every page).
 */
export const pageAdapter: SiteAdapter = {
  site: 'page',
  matches: () => true,
  read(doc, url) {
    const org = orgName(doc);
    return { anchor: null, root: null, context: { site: 'page', url: url.href, people: [], domains: url.hostname ? [url.hostname.toLowerCase()] : [], ...(org ? { org } : {}) } };
  },
};
