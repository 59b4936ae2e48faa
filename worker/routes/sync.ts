import { Hono } from 'hono';
import { pullRequest, pushRequest } from '../../shared/protocol';
import type { AppEnv } from '../env';
import { requireMember } from '../auth-middleware';
import { d1Store } from '../d1-store';
import { pullPageJson } from '../pull-json';
import { jsonBody } from '../validate';

/** Push mutations, pull changes: DESIGN §3. */
export const sync = new Hono<AppEnv>()
  .use(requireMember)
  .post('/push', jsonBody(pushRequest), async (c) => {
    const { teamId, memberId, memberName } = c.var.auth;
    const body = c.req.valid('json');
    const result = await d1Store(c.env.DB).push({ teamId, memberId, memberName, clientId: body.clientId, settledThrough: body.settledThrough, mutations: body.mutations, now: Date.now() });
    return c.json(result);
  })
  .post('/pull', jsonBody(pullRequest), async (c) => {
    const { teamId, memberId } = c.var.auth;
    const body = c.req.valid('json');
    const page = await d1Store(c.env.DB).pull({ teamId, memberId, clientId: body.clientId, cursor: body.cursor, limit: body.limit, rebuild: body.rebuild, count: body.count, settledThrough: body.settledThrough, now: Date.now() });
    return c.body(pullPageJson(page), 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  });
