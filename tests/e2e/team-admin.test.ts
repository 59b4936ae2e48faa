import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { teamExport } from '../../shared/api';
import { launchProfile, signIn, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');

describe('team administration from the options page', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Admin UI Team', 'Olivia Owner');
    const response = await fetch(`${serverUrl}/v1/team/invites`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` }, body: JSON.stringify({ role: 'admin' }) });
    const { code } = (await response.json()) as { code: string };
    [a, b] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await signIn(a, serverUrl, code, 'Ada Admin');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('makes a sign-in code for a teammate, exports, and removes the teammate, whose sign-in stops working', async () => {
    const options = await a.page('options.html');
    await options.getByRole('button', { name: 'New sign-in code' }).click();
    const code = (await options.getByTestId('invite-code').locator('strong').innerText()).trim();
    await signIn(b, serverUrl, code, 'Bea Member');

    await options.reload();
    await expect.poll(() => options.getByTestId('members').innerText(), { timeout: 10_000 }).toContain('Bea Member');
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export everything I can see (JSON)' }).click();
    const file = await (await download).path();
    const exported = teamExport.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(exported.team.name).toBe('Admin UI Team');
    expect(exported.members.map((m) => m.name)).toEqual(expect.arrayContaining(['Olivia Owner', 'Ada Admin', 'Bea Member']));

    options.once('dialog', (dialog) => void dialog.accept());
    await options.getByRole('listitem').filter({ hasText: 'Bea Member' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => options.getByTestId('members').innerText(), { timeout: 10_000 }).not.toContain('Bea Member');

    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => panelB.getByTestId('sync-status').innerText(), { timeout: 20_000 }).toMatch(/token is not valid/);
  });
});
