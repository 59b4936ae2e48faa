import type { MiddlewareHandler } from 'hono';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when the request was addressed to this machine: `wrangler dev`, `npm start`, the tests. */
export function isLoopback(url: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(url).hostname);
}

/**
 * Answers to a reader on the same machine go uncompressed (`Content-Encoding: identity`).
 *
 * On Cloudflare the edge compresses JSON for readers across a network, on its own CPU. Locally,
 * wrangler emulates that edge inside workerd, so the server gzipped every pull page and the browser
 * gunzipped it on the same machine, and over loopback that saves no time. Measured on a 100,000-record
 * first sync: gzip was 39% of workerd's CPU, 4.3 s of its 9.5 s. An explicit `identity` encoding is
 * what the emulation (like the edge) leaves alone. A request to any other host is unchanged.
 */
export const uncompressedOnLoopback: MiddlewareHandler = async (c, next) => {
  await next();
  if (isLoopback(c.req.url) && !c.res.headers.has('Content-Encoding')) c.header('Content-Encoding', 'identity');
};
