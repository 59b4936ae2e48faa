import type { Role } from '../shared/api';
import type { SyncStore } from './store';
import type { TeamStore } from './team-store';

export interface Env {
  DB: D1Database;
  /** When set, creating a team needs this value in the `X-Margin-Setup` header. */
  TEAM_CREATION_SECRET?: string;
  /** Comma-separated extra CORS origins; browser extensions are always allowed. */
  ALLOWED_ORIGINS?: string;
  /** Days a delete is remembered before its tombstone may be purged (default 90). */
  TOMBSTONE_TTL_DAYS?: string;
  /** Requests per minute per token, and per address without a token (default 1200). */
  RATE_LIMIT_PER_MINUTE?: string;
  /** Narrow the protocol range this server announces (shared/version.ts): for tests of older servers. */
  PROTOCOL_MIN?: string;
  PROTOCOL_MAX?: string;
  /** Failed sign-ins (unknown tokens, wrong invite codes) per minute per address (default 60). */
  AUTH_FAILURES_PER_MINUTE?: string;
}

export interface AuthContext {
  teamId: string;
  memberId: string;
  memberName: string;
  role: Role;
}

export interface AppEnv {
  Bindings: Env;
  /** `stores`: set for every /v1 request by worker/stores.ts; routes reach storage only through them. */
  Variables: { auth: AuthContext; stores: Stores };
}

/** The stores behind the routes (D1 today; see docs/architecture.md §4). */
export interface Stores {
  sync: SyncStore;
  team: TeamStore;
}
