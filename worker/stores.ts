import { createMiddleware } from 'hono/factory';
import { d1Store } from './d1-store';
import type { AppEnv } from './env';
import { d1TeamStore } from './team-store';

/** Hands the routes their stores: the only place that knows they are D1. */
export const withStores = createMiddleware<AppEnv>(async (c, next) => {
  c.set('stores', { sync: d1Store(c.env.DB), team: d1TeamStore(c.env.DB) });
  await next();
});
