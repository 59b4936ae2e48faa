import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchProfile, signIn, type ExtensionProfile } from '../../scripts/lib/chromium';
import { applyLocalMigrations, startWrangler, type RunningServer } from '../../scripts/lib/wrangler';
import { createInvite, createTeam } from '../support/team';

const productionDir = inject('productionDir');

describe('a team server older than the extension', () => {
  let server: RunningServer;
  let persistTo: string;
  let profile: ExtensionProfile;

  beforeAll(async () => {
    persistTo = mkdtempSync(join(tmpdir(), 'margin-e2e-old-server-'));
    await applyLocalMigrations(persistTo);
    // A server announcing no protocol this extension speaks, as one deployed long ago would.
    server = await startWrangler({
      persistTo,
      extraArgs: ['--var', 'PROTOCOL_MAX:0', '--var', 'RATE_LIMIT_PER_MINUTE:100000'],
    });
    const owner = await createTeam(server.url, 'Old Server Team');
    const code = await createInvite(server.url, owner.token, 'admin');
    profile = await launchProfile(productionDir);
    await signIn(profile, server.url, code, 'Ada Admin');
  });

  afterAll(async () => {
    await profile?.close();
    await server?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });

  it('says plainly in the side panel and the options that the server needs an update, and how an admin does it', async () => {
    const panel = await profile.page('sidepanel.html');
    const banner = panel.getByTestId('version-banner');
    await banner.waitFor({ timeout: 20_000 });
    const text = await banner.innerText();
    expect(text).toContain("Your team's server needs an update");
    expect(text).toContain('Margin 0.2.0');
    expect(text).toContain('npm run deploy');
    expect(text).toContain('Your changes are kept');
    const options = await profile.page('options.html');
    await options.getByTestId('version-banner').waitFor({ timeout: 10_000 });
    await panel.close();
    await options.close();
  });
});
