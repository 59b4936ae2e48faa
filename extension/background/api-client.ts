import type { z } from 'zod';
import {
  cancelInviteResponse,
  deleteTeamResponse,
  inviteResponse,
  invitesResponse,
  leaveResponse,
  meResponse,
  membersResponse,
  revokeResponse,
  sessionResponse,
  teamExport,
  teamMember,
  tokenResponse,
  type CancelInviteResponse,
  type DeleteTeamResponse,
  type InviteResponse,
  type LeaveResponse,
  type MeResponse,
  type PendingInvite,
  type RevokeResponse,
  type Role,
  type SessionResponse,
  type TeamExport,
  type TeamMember,
} from '../../shared/api';
import { errorBody } from '../../shared/errors';
import { LEGACY_SERVER, PROTOCOL_VERSION, versionResponse, type VersionInfo } from '../../shared/version';
import { isLoopbackHost } from '../../shared/loopback';
import {
  noteHistoryResponse,
  pullResponse,
  pushResponse,
  type NoteHistoryEntry,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../shared/protocol';
import type { MessageKey, MessageVars } from '../i18n';

/** A failed server call, with a code the UI can act on ('offline' when the server could not be reached). */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For errors found here (not the server's): the words for the rep (extension/i18n/errors.ts reads them). */
    words?: { key: MessageKey; vars?: MessageVars },
    /** What else the server's error said (a mutation gap's `expectedMutationId`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServerError';
    if (words) Object.assign(this, words);
  }
}

export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ServerError(0, 'bad_url', `"${input}" is not a URL`, { key: 'error.url', vars: { input } });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ServerError(0, 'bad_url', 'the server address must use https://', { key: 'error.urlInsecure' });
  }
  return url.origin;
}

/** A request that hangs (a half-open connection) fails after this long, so a sync can never get stuck. */
export const REQUEST_TIMEOUT_MS = 30_000;

async function request<T>(
  serverUrl: string,
  path: string,
  schema: z.ZodType<T>,
  init: { token?: string; body?: unknown; method?: string; headers?: Record<string, string> },
): Promise<T> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw timedOut
      ? new ServerError(0, 'offline', `the server at ${serverUrl} did not answer in ${REQUEST_TIMEOUT_MS / 1000} s`, {
          key: 'error.timeout',
          vars: { server: serverUrl, seconds: REQUEST_TIMEOUT_MS / 1000 },
        })
      : new ServerError(0, 'offline', `cannot reach the server at ${serverUrl}`, {
          key: 'error.offline',
          vars: { server: serverUrl },
        });
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ServerError(
      response.status,
      'bad_response',
      `the server at ${serverUrl} did not answer with JSON (HTTP ${response.status})`,
      { key: 'error.notJson', vars: { server: serverUrl, status: String(response.status) } },
    );
  }
  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    if (parsed.success) {
      const { code, message, ...details } = parsed.data.error;
      throw new ServerError(response.status, code, message, undefined, details);
    }
    throw new ServerError(response.status, 'bad_response', `HTTP ${response.status} from ${serverUrl}`, {
      key: 'error.httpStatus',
      vars: { server: serverUrl, status: String(response.status) },
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ServerError(response.status, 'bad_response', `unexpected answer from ${serverUrl}${path}`, {
      key: 'error.unexpected',
      vars: { server: serverUrl },
    });
  return parsed.data;
}

export interface SyncApi {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest): Promise<PullResponse>;
  /** The server's protocol range and record types; absent in stand-ins that skip the check. */
  version?(): Promise<VersionInfo>;
}

/** What the server speaks (`GET /v1/version`); a server from before versions answers 404 and speaks protocol 1. */
export async function fetchVersion(serverUrl: string): Promise<VersionInfo> {
  try {
    return await request(serverUrl, '/v1/version', versionResponse, {});
  } catch (error) {
    if (error instanceof ServerError && error.status === 404) return LEGACY_SERVER;
    throw error;
  }
}

export function syncApi(serverUrl: string, token: string): SyncApi {
  return {
    push: (body) =>
      request(serverUrl, '/v1/sync/push', pushResponse, { token, body: { ...body, protocol: PROTOCOL_VERSION } }),
    pull: (body) =>
      request(serverUrl, '/v1/sync/pull', pullResponse, { token, body: { ...body, protocol: PROTOCOL_VERSION } }),
    version: () => fetchVersion(serverUrl),
  };
}

/**
 * Creates a team with its owner (scripts and tests: the extension itself signs in with codes).
 * `setupSecret` when the server asks for one (TEAM_CREATION_SECRET).
 */
export function createTeam(
  serverUrl: string,
  body: { teamName: string; ownerName: string; ownerEmail?: string },
  setupSecret?: string,
): Promise<SessionResponse> {
  return request(serverUrl, '/v1/teams', sessionResponse, {
    body,
    ...(setupSecret ? { headers: { 'X-Margin-Setup': setupSecret } } : {}),
  });
}

export function joinTeam(serverUrl: string, body: { code: string; name: string }): Promise<SessionResponse> {
  return request(serverUrl, '/v1/join', sessionResponse, { body });
}

export function fetchMe(serverUrl: string, token: string): Promise<MeResponse> {
  return request(serverUrl, '/v1/me', meResponse, { token });
}

export async function fetchNoteHistory(serverUrl: string, token: string, noteId: string): Promise<NoteHistoryEntry[]> {
  return (await request(serverUrl, `/v1/notes/${encodeURIComponent(noteId)}/history`, noteHistoryResponse, { token }))
    .entries;
}

export async function fetchMembers(serverUrl: string, token: string): Promise<TeamMember[]> {
  return (await request(serverUrl, '/v1/team/members', membersResponse, { token })).members;
}

/** The team-administration calls (options page → background → server). */
export function teamApi(serverUrl: string, token: string) {
  return {
    /** A single-use sign-in code; `expiresInHours` when not the server's default. */
    invite: (role: 'admin' | 'member', expiresInHours?: number): Promise<InviteResponse> =>
      request(serverUrl, '/v1/team/invites', inviteResponse, {
        token,
        body: expiresInHours === undefined ? { role } : { role, expiresInHours },
      }),
    invites: async (): Promise<PendingInvite[]> =>
      (await request(serverUrl, '/v1/team/invites', invitesResponse, { token })).invites,
    cancelInvite: (inviteId: string): Promise<CancelInviteResponse> =>
      request(serverUrl, `/v1/team/invites/${encodeURIComponent(inviteId)}/cancel`, cancelInviteResponse, {
        token,
        method: 'POST',
      }),
    setRole: (memberId: string, role: Role): Promise<TeamMember> =>
      request(serverUrl, `/v1/team/members/${encodeURIComponent(memberId)}/role`, teamMember, {
        token,
        body: { role },
      }),
    revoke: (memberId: string): Promise<RevokeResponse> =>
      request(serverUrl, `/v1/team/members/${encodeURIComponent(memberId)}/revoke`, revokeResponse, {
        token,
        method: 'POST',
      }),
    leave: (): Promise<LeaveResponse> => request(serverUrl, '/v1/team/leave', leaveResponse, { token, method: 'POST' }),
    rotate: async (): Promise<string> =>
      (await request(serverUrl, '/v1/team/token/rotate', tokenResponse, { token, method: 'POST' })).token,
    exportAll: (): Promise<TeamExport> => request(serverUrl, '/v1/team/export', teamExport, { token }),
    deleteTeam: (confirm: string): Promise<DeleteTeamResponse> =>
      request(serverUrl, '/v1/team/delete', deleteTeamResponse, { token, body: { confirm } }),
  };
}
