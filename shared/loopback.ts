/** Host names that always mean this machine: a server here is `wrangler dev`, `npm start` or a test. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for a URL's `hostname` that is this machine (`[::1]` keeps its brackets in a URL). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}
