import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';
import { ApiError } from './errors';

const WINDOW_MS = 60_000;
const DEFAULT_PER_MINUTE = 1200;
const DEFAULT_FAILURES_PER_MINUTE = 60;
/** Windows kept at most: past it, ended windows go first, then the oldest. */
const MAX_WINDOWS = 10_000;

interface Window {
  start: number;
  count: number;
}

/**
 * Request budgets per minute, counted in the isolate's memory: a first line against a runaway client,
 * a leaked token or someone guessing invite codes, not an exact global quota (Cloudflare's
 * rate-limiting rules can add that at the edge). Three kinds of key, none of them chosen by the caller:
 * - `token:<sha-256>` for a token the server verified: `RATE_LIMIT_PER_MINUTE` (default 1,200);
 * - `anon:<address>` for requests that carry no token (creating a team, joining): the same budget;
 * - `fail:<address>` for failed sign-ins (an unknown token, a wrong invite code):
 *   `AUTH_FAILURES_PER_MINUTE` (default 60). Once spent, the address is refused before any lookup.
 * A made-up Authorization header is a failure, so varying it escapes nothing and stores nothing new.
 */
export class RequestBudgets {
  private readonly windows = new Map<string, Window>();

  private window(key: string, now: number): Window {
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (window) this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > MAX_WINDOWS) this.trim(now);
    }
    return window;
  }

  private trim(now: number) {
    for (const [key, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(key);
    // Map order is insertion order: the oldest windows go first.
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_WINDOWS) break;
      this.windows.delete(key);
    }
  }

  /** Counts a request against `key`; throws 429 once more than `limit` came in this window. */
  spend(key: string, limit: number, now = Date.now()) {
    const window = this.window(key, now);
    window.count++;
    if (window.count > limit) throw tooMany(window, limit, now);
  }

  /** Throws 429 if `key` has already spent its budget, without counting this request. */
  check(key: string, limit: number, now = Date.now()) {
    const window = this.windows.get(key);
    if (window && now - window.start < WINDOW_MS && window.count >= limit) throw tooMany(window, limit, now);
  }

  get size() {
    return this.windows.size;
  }
}

function tooMany(window: Window, limit: number, now: number) {
  const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  return new ApiError(429, 'rate_limited', `too many requests: at most ${limit} a minute; retry in ${retryAfter} s`, {
    retryAfter,
  });
}

/** The isolate's budgets. */
export const budgets = new RequestBudgets();

function perMinute(value: string | undefined, fallback: number) {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The caller's network address as Cloudflare gives it (`local` on this machine, where there is none). */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('CF-Connecting-IP') ?? 'local';
}

export const requestLimit = (c: Context<AppEnv>) => perMinute(c.env.RATE_LIMIT_PER_MINUTE, DEFAULT_PER_MINUTE);
export const failureLimit = (c: Context<AppEnv>) =>
  perMinute(c.env.AUTH_FAILURES_PER_MINUTE, DEFAULT_FAILURES_PER_MINUTE);

/** A verified token's request, counted against that token's budget. */
export function spendForToken(c: Context<AppEnv>, tokenHash: string) {
  budgets.spend(`token:${tokenHash}`, requestLimit(c));
}

/** A failed sign-in (unknown token, wrong invite code) from the caller's address. */
export function spendFailure(c: Context<AppEnv>) {
  budgets.spend(`fail:${clientAddress(c)}`, failureLimit(c));
}

/**
 * Before any route: an address that spent its failed sign-in budget is refused without a lookup, and a
 * request without a token counts against its address. Requests with a token are counted once it is
 * verified (auth-middleware.ts), under the token's hash.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') return next();
  const address = clientAddress(c);
  budgets.check(`fail:${address}`, failureLimit(c));
  if (!c.req.header('Authorization')) budgets.spend(`anon:${address}`, requestLimit(c));
  await next();
});
