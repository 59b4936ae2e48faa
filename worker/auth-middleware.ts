import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';
import { forbidden, unauthorized } from './errors';
import { sha256Hex } from './crypto';
import { spendFailure, spendForToken } from './rate-limit';
import { role as roleSchema, type Role } from '../shared/api';

/** Resolves the bearer token to a member; every later query takes team_id from here, never from the body. */
export const requireMember = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer (mgn_[A-Za-z0-9_-]{43})$/.exec(header);
  if (!match) {
    spendFailure(c);
    throw unauthorized(
      header ? 'malformed Authorization header: expected "Bearer mgn_…"' : 'missing Authorization header',
    );
  }
  const hash = await sha256Hex(match[1]!);
  const row = await c.var.stores.team.tokenOwner(hash);
  if (!row) {
    spendFailure(c);
    throw unauthorized('token is not valid (revoked, or never issued)');
  }
  spendForToken(c, hash);
  c.set('auth', {
    teamId: row.teamId,
    memberId: row.memberId,
    memberName: row.memberName,
    role: roleSchema.parse(row.role),
  });
  await next();
});

export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.var.auth.role)) throw forbidden(`needs the ${roles.join(' or ')} role`);
    await next();
  });
}
