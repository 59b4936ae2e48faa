import { inviteResponse, sessionResponse, type SessionResponse } from '../../shared/api';
import { signIn, type ExtensionProfile } from '../../scripts/lib/chromium';

/** Creates a team on the real server and returns the owner's session. */
export async function createTeam(serverUrl: string, teamName = 'Test Team', ownerName = 'Olivia Owner'): Promise<SessionResponse> {
  const response = await fetch(`${serverUrl}/v1/teams`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ teamName, ownerName }),
  });
  if (response.status !== 201) throw new Error(`create team: HTTP ${response.status} ${await response.text()}`);
  return sessionResponse.parse(await response.json());
}

export async function createInvite(serverUrl: string, token: string): Promise<string> {
  const response = await fetch(`${serverUrl}/v1/team/invites`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ role: 'member' }),
  });
  if (response.status !== 201) throw new Error(`invite: HTTP ${response.status} ${await response.text()}`);
  return inviteResponse.parse(await response.json()).code;
}

export async function joinTeam(serverUrl: string, code: string, name: string): Promise<SessionResponse> {
  const response = await fetch(`${serverUrl}/v1/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (response.status !== 201) throw new Error(`join: HTTP ${response.status} ${await response.text()}`);
  return sessionResponse.parse(await response.json());
}

/** Signs a browser profile into the owner's team with a fresh invite, through the options page, as a rep would. */
export async function joinAs(profile: ExtensionProfile, serverUrl: string, ownerToken: string, name: string): Promise<void> {
  await signIn(profile, serverUrl, await createInvite(serverUrl, ownerToken), name);
}
