import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { teamExport } from '../../shared/api';
import { launchProfile, signIn, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createInvite, createTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');

describe('team administration from the options page', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Admin UI Team', 'Olivia Owner');
    const code = await createInvite(serverUrl, owner.token, 'admin');
    [a, b] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await signIn(a, serverUrl, code, 'Ada Admin');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('makes a sign-in code for a teammate, exports, and removes the teammate, whose sign-in stops working', async () => {
    const options = await a.page('options.html');
    await options.getByRole('button', { name: 'New sign-in code' }).click();
    expect((await options.getByTestId('invite-code').locator('strong').innerText()).trim()).toMatch(
      /^[0-9A-Z]{5}-[0-9A-Z]{5}$/,
    );
    // The teammate gets the invite link: pasted into the sign-in, it brings the server address along.
    const link = await options.getByTestId('invite-link').inputValue();
    expect(link.startsWith(`${serverUrl}/join#code=`)).toBe(true);
    const landing = await b.context.newPage();
    await landing.goto(link);
    expect(await landing.locator('h1').innerText()).toBe('Join your team on Margin');
    await landing.close();
    const bOptions = await b.page('options.html');
    await bOptions.getByLabel('Server address').fill('');
    await bOptions.getByLabel('Sign-in code or invite link').fill(link);
    expect(await bOptions.getByLabel('Server address').inputValue()).toBe(serverUrl);
    await bOptions.getByLabel('Your name').fill('Bea Member');
    await bOptions.getByRole('button', { name: 'Sign in' }).click();
    await bOptions.getByTestId('signed-in').waitFor({ timeout: 20_000 });
    await bOptions.close();

    await options.reload();
    await expect.poll(() => options.getByTestId('members').innerText(), { timeout: 10_000 }).toContain('Bea Member');
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export everything I can see (JSON)' }).click();
    const file = await (await download).path();
    const exported = teamExport.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(exported.team.name).toBe('Admin UI Team');
    expect(exported.members.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Olivia Owner', 'Ada Admin', 'Bea Member']),
    );

    options.once('dialog', (dialog) => void dialog.accept());
    await options
      .getByRole('listitem')
      .filter({ hasText: 'Bea Member' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await expect
      .poll(() => options.getByTestId('members').innerText(), { timeout: 10_000 })
      .not.toContain('Bea Member');

    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => panelB.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/^Sync failed — Your sign-in is no longer valid \(.*token is not valid.*\); sign in again/);
  });
});
