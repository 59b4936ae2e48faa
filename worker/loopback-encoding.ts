import type { MiddlewareHandler } from 'hono';
import { isLoopbackHost } from '../shared/loopback';

/**
 * Answers to a reader on the same machine go uncompressed (`Content-Encoding: identity`).
 *
 * On Cloudflare the edge compresses JSON for readers across a network, on its own CPU. Locally,
 * wrangler emulates that edge inside workerd, so the server gzipped every pull page and the browser
 * gunzipped it on the same machine, and over loopback that saves no time. Measured on a 100,000-record
 * first sync: gzip was 39% of workerd's CPU, 4.3 s of its 9.5 s. The emulation leaves an explicit
 * `identity` encoding alone. A request to any other host is unchanged, so on Cloudflare nothing is.
 */
export const uncompressedOnLoopback: MiddlewareHandler = async (c, next) => {
  await next();
  if (isLoopbackHost(new URL(c.req.url).hostname) && !c.res.headers.has('Content-Encoding'))
    c.header('Content-Encoding', 'identity');
};
