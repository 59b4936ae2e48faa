import type { SessionResponse } from '../../shared/api';
import * as api from '../../extension/background/api-client';
import { signIn, type ExtensionProfile } from '../../scripts/lib/chromium';

/** Creates a team on the real server and returns the owner's session (through the extension's API client). */
export function createTeam(
  serverUrl: string,
  teamName = 'Test Team',
  ownerName = 'Olivia Owner',
): Promise<SessionResponse> {
  return api.createTeam(serverUrl, { teamName, ownerName });
}

export async function createInvite(
  serverUrl: string,
  token: string,
  role: 'admin' | 'member' = 'member',
): Promise<string> {
  return (await api.teamApi(serverUrl, token).invite(role)).code;
}

export function joinTeam(serverUrl: string, code: string, name: string): Promise<SessionResponse> {
  return api.joinTeam(serverUrl, { code, name });
}

/** Signs a browser profile into the owner's team with a fresh invite, through the options page, as a rep would. */
export async function joinAs(
  profile: ExtensionProfile,
  serverUrl: string,
  ownerToken: string,
  name: string,
): Promise<void> {
  await signIn(profile, serverUrl, await createInvite(serverUrl, ownerToken), name);
}
