import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionResponse } from '../../shared/api';
import { buildRecord } from '../../shared/factories';
import { pulledRow } from '../../shared/protocol';
import { syncApi } from '../../extension/background/api-client';
import { pushRecords } from '../../scripts/lib/seed';
import { applyLocalMigrations, freePort, startWrangler, type RunningServer } from '../../scripts/lib/wrangler';
import { createTeam, joinAs } from '../support/team';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';

const extensionDir = inject('extensionDir');

/** This file runs its own server, so it can stop and restart it without touching other tests. */
describe('offline work in real Chromium: conflicts and a killed service worker', () => {
  let persistTo: string;
  let port: number;
  let server: RunningServer;
  let url: string;
  let owner: SessionResponse;
  let accountName: string;
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  const restart = async () => {
    server = await startWrangler({ port, persistTo });
  };

  async function openAccount(profile: ExtensionProfile): Promise<Page> {
    const panel = await profile.page('sidepanel.html');
    await panel.getByRole('button', { name: new RegExp(accountName) }).click();
    return panel;
  }

  async function waitSynced(panel: Page) {
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/^Synced (?!.*waiting)/);
  }

  beforeAll(async () => {
    persistTo = mkdtempSync(join(tmpdir(), 'margin-e2e-offline-'));
    await applyLocalMigrations(persistTo);
    port = await freePort();
    await restart();
    url = server.url;
    owner = await createTeam(url, 'Offline Team', 'Owner');
    accountName = `Hanbit Foods ${Date.now() % 10_000}`;
    const by = { memberId: owner.member.id, now: Date.now() };
    const account = buildRecord('account', { name: accountName, domains: ['hanbitfoods.co.kr'], tier: 'A' }, by);
    await pushRecords(url, owner.token, [
      account,
      buildRecord('note', { subjectId: account.id, body: 'Budget is 10k for the autumn packaging.' }, by),
    ]);
    [a, b] = await Promise.all([launchProfile(extensionDir), launchProfile(extensionDir)]);
    await joinAs(a, url, owner.token, 'Alice');
    await joinAs(b, url, owner.token, 'Bob');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await server?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });

  it('keeps both texts when two profiles edit one note offline, and resolves the conflict from the side panel', async () => {
    const panelA = await openAccount(a);
    const panelB = await openAccount(b);
    await expect.poll(() => panelB.getByTestId('note-body').first().innerText()).toContain('Budget is 10k');

    await server.stop();
    for (const [panel, text] of [
      [panelA, 'Budget is 12k for the autumn packaging.'],
      [panelB, 'Budget is 15k for the autumn packaging.'],
    ] as const) {
      await panel.getByRole('button', { name: 'Edit', exact: true }).click();
      await panel.getByLabel('Edit note').fill(text);
      await panel.getByRole('button', { name: 'Save', exact: true }).click();
      await expect
        .poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 })
        .toMatch(/Offline.*1 waiting to send/);
    }

    await restart();
    await waitSynced(panelA);
    await waitSynced(panelB);
    await waitSynced(panelA);
    // Whichever edit reached the server first is the note; the other is kept beside it as a conflict.
    const winnerText = await panelA.getByTestId('note-body').first().innerText();
    expect(['Budget is 12k for the autumn packaging.', 'Budget is 15k for the autumn packaging.']).toContain(
      winnerText,
    );
    const aWon = winnerText.includes('12k');
    const [winner, loser, loserName, loserText] = aWon
      ? [panelA, panelB, 'Bob', 'Budget is 15k for the autumn packaging.']
      : [panelB, panelA, 'Alice', 'Budget is 12k for the autumn packaging.'];
    await expect.poll(() => panelB.getByTestId('note-body').first().innerText()).toBe(winnerText);
    const loserConflict = loser.getByTestId('note-conflict');
    await expect.poll(() => loserConflict.innerText()).toContain(loserText);
    expect(await loserConflict.innerText()).toContain('Your offline edit clashed');
    await expect
      .poll(() => winner.getByTestId('note-conflict').innerText())
      .toContain(`Edited offline by ${loserName}`);
    await winner.screenshot({ path: join('test-results', 'note-conflict.png') });

    await loserConflict.getByRole('button', { name: 'Edit merged' }).click();
    await loser.getByLabel('Merged text').fill('Budget is 12–15k for the autumn packaging, depending on volume.');
    await loser.getByRole('button', { name: 'Save merged' }).click();
    await waitSynced(loser);
    await waitSynced(winner);
    await expect
      .poll(() => winner.getByTestId('note-body').first().innerText())
      .toBe('Budget is 12–15k for the autumn packaging, depending on volume.');
    expect(await winner.getByTestId('note-conflict').count()).toBe(0);

    await panelA.getByRole('button', { name: 'History' }).click();
    for (const text of ['Budget is 10k', 'Budget is 12k', 'Budget is 15k', 'Budget is 12–15k']) {
      await expect.poll(() => panelA.getByTestId('note-history').innerText()).toContain(text);
    }
  });

  it('loses and duplicates nothing when the service worker is killed during a sync', async () => {
    const panel = await openAccount(a);
    await server.stop();
    const texts = Array.from({ length: 8 }, (_, i) => `Visit note ${i + 1} — ${crypto.randomUUID().slice(0, 6)}`);
    for (const text of texts) {
      await panel.getByLabel('New note').fill(text);
      await panel.getByRole('button', { name: 'Add note' }).click();
    }
    await expect
      .poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/8 waiting to send/);
    await restart();

    const cdp = await a.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await cdp.send('ServiceWorker.stopAllWorkers');
    // A fresh worker starts on the next message and finishes the job from what IndexedDB holds.
    await waitSynced(panel);

    const pulled = await syncApi(url, owner.token).pull({ clientId: crypto.randomUUID(), cursor: 0, limit: 1000 });
    const rows = pulled.rows.map((r) => pulledRow.parse(r));
    const bodies = rows.flatMap((r) => (r.record?.type === 'note' ? [r.record.body] : []));
    for (const text of texts) expect(bodies.filter((body) => body === text)).toHaveLength(1);
  });
});
