import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';

const WINDOW_MS = 60_000;
const DEFAULT_PER_MINUTE = 1200;

interface Window {
  start: number;
  count: number;
}

/**
 * A per-token (or, without one, per-address) request budget per minute, answered with `429` and
 * `Retry-After` when spent. Counted in the isolate's memory: a first line against a runaway client
 * or a leaked token, not an exact global quota (Cloudflare's rate-limiting rules can add that at
 * the edge). The budget is `RATE_LIMIT_PER_MINUTE`.
 */
export function rateLimit(windows = new Map<string, Window>()) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const limit = Number(c.env.RATE_LIMIT_PER_MINUTE ?? DEFAULT_PER_MINUTE) || DEFAULT_PER_MINUTE;
    const key = c.req.header('Authorization') ?? `ip:${c.req.header('CF-Connecting-IP') ?? 'local'}`;
    const now = Date.now();
    let window = windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      windows.set(key, window);
      // Keep the map small: forget windows that have ended.
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
    }
    window.count++;
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
      c.header('Retry-After', String(retryAfter));
      return c.json({ error: { code: 'rate_limited', message: `too many requests: at most ${limit} a minute; retry in ${retryAfter} s` } }, 429);
    }
    await next();
  });
}
