import { z } from 'zod';
import { RECORD_TYPES } from './records';

/**
 * Which versions of Margin talk to which (README, "Versions"). The sync protocol has a number;
 * push and pull carry the client's, and `GET /v1/version` gives the server's range and the record
 * types it knows.
 * - 1: the protocol before versions (no `protocol` field, no /v1/version).
 * - 2: versions; lists merge by item (`listBase`); refusals kept until settled (`settledThrough`);
 *   record types and fields the server does not know are stored and served as they came.
 */
export const PROTOCOL_VERSION = 2;
/** The oldest server protocol this extension syncs with (below it: "Your team's server needs an update"). */
export const MIN_SERVER_PROTOCOL = 1;
/** The oldest extension protocol this server takes (below it: "Update Margin"). */
export const MIN_CLIENT_PROTOCOL = 1;
/** This release of Margin (the extension and the server are released together). */
export const MARGIN_VERSION = '0.2.0';

export const protocolVersion = z.number().int().positive().max(1_000);

export const versionResponse = z.object({
  /** The server's release. */
  server: z.string().max(50),
  protocol: z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }),
  /** The record types it knows: the extension holds back writes of any other until the server is updated. */
  recordTypes: z.array(z.string().max(64)).max(200),
});
export type VersionInfo = z.infer<typeof versionResponse>;

/** What a server from before versions speaks (it answers /v1/version with 404). */
export const LEGACY_SERVER: VersionInfo = {
  server: '0.1.0',
  protocol: { min: 1, max: 1 },
  recordTypes: ['account', 'contact', 'note', 'interaction', 'task', 'plan', 'settings', 'promptState'],
};

/** What this build's server answers (`PROTOCOL_MIN` / `PROTOCOL_MAX` vars narrow it, for tests of older servers). */
export function serverVersion(overrides: { min?: string; max?: string } = {}): VersionInfo {
  const pick = (value: string | undefined, fallback: number) =>
    value !== undefined && value !== '' && Number.isInteger(Number(value)) ? Number(value) : fallback;
  const min = pick(overrides.min, MIN_CLIENT_PROTOCOL);
  const max = pick(overrides.max, PROTOCOL_VERSION);
  return {
    server: MARGIN_VERSION,
    protocol: { min, max },
    recordTypes: max >= 2 ? [...RECORD_TYPES] : LEGACY_SERVER.recordTypes,
  };
}

export type Compatibility = { ok: true } | { ok: false; code: 'server_too_old' | 'client_too_old' };

/** Whether this extension and a server with this range can sync. */
export function compatibility(server: VersionInfo): Compatibility {
  if (server.protocol.max < MIN_SERVER_PROTOCOL) return { ok: false, code: 'server_too_old' };
  if (server.protocol.min > PROTOCOL_VERSION) return { ok: false, code: 'client_too_old' };
  return { ok: true };
}
