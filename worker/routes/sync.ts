import { Hono } from 'hono';
import { serverVersion } from '../../shared/version';
import { ApiError } from '../errors';
import { pullRequest, pushRequest } from '../../shared/protocol';
import type { AppEnv } from '../env';
import { requireMember } from '../auth-middleware';
import { pullPageJson } from '../pull-json';
import { jsonBody } from '../validate';

/** The protocol range this server speaks, with its vars. */
export const versionOf = (env: AppEnv['Bindings']) => serverVersion({ min: env.PROTOCOL_MIN, max: env.PROTOCOL_MAX });

/** A client older than this server takes is told to update (`client_too_old`), before anything is read or written. */
function requireProtocol(env: AppEnv['Bindings'], theirs = 1) {
  const range = versionOf(env).protocol;
  if (theirs < range.min)
    throw new ApiError(
      426,
      'client_too_old',
      `this server needs Margin speaking sync protocol ${range.min} or newer (this one speaks ${theirs}): update Margin`,
      { minProtocol: range.min },
    );
}

/** Push mutations, pull changes: architecture §3. */
export const sync = new Hono<AppEnv>()
  .use(requireMember)
  .post('/push', jsonBody(pushRequest), async (c) => {
    const { teamId, memberId, memberName } = c.var.auth;
    const body = c.req.valid('json');
    requireProtocol(c.env, body.protocol);
    const result = await c.var.stores.sync.push({
      teamId,
      memberId,
      memberName,
      clientId: body.clientId,
      settledThrough: body.settledThrough,
      mutations: body.mutations,
      now: Date.now(),
    });
    return c.json(result);
  })
  .post('/pull', jsonBody(pullRequest), async (c) => {
    const { teamId, memberId } = c.var.auth;
    const body = c.req.valid('json');
    requireProtocol(c.env, body.protocol);
    const page = await c.var.stores.sync.pull({
      teamId,
      memberId,
      clientId: body.clientId,
      cursor: body.cursor,
      limit: body.limit,
      rebuild: body.rebuild,
      count: body.count,
      settledThrough: body.settledThrough,
      now: Date.now(),
    });
    return c.body(pullPageJson(page), 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  });
