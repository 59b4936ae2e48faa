/**
 * Webmail overlay benchmark (issue 4). `npm run bench:overlay`. Results go to bench/RESULTS.md.
 * The store build of the extension in real Chromium, with 50k contacts and 10k accounts in its
 * IndexedDB, on a Gmail-markup page served at https://mail.google.com/ (request routing):
 * - thread DOM inserted → chip drawn beside the sender, p50/p95 over 100 thread opens (three runs, the median);
 * - the content script's size, minified and gzipped;
 * - the extension's main-thread time in the page while the page mutates its DOM 1,000 times a
 *   second (CDP TaskDuration with the overlay on, minus the same run with it switched off);
 * - side panel opened → the open email's people drawn, p50/p95 over 20 opens (three runs, the median).
 * `BENCH_QUICK=1` runs a small version in seconds (a check before stopping, not the figures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildExtension } from '../scripts/lib/build';
import { findChromium, launchProfile } from '../scripts/lib/chromium';
import { seededRandom } from './lib/dataset';
import { overlayDataset, overlayPage } from './lib/overlay-page';
import { seedExtensionCache } from './lib/extension-seed';
import { describeMachine, median } from './lib/machine';
import { captureOnRequest } from './lib/capture';
import { checkBudgets, percentile, writeResultsSection } from './lib/results';

const QUICK = !!process.env.BENCH_QUICK;
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? (QUICK ? 5_000 : 50_000));
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? (QUICK ? 1_000 : 10_000));
const OPENS = Number(process.env.BENCH_OPENS ?? (QUICK ? 30 : 100));
const PANEL_OPENS = Number(process.env.BENCH_PANEL_OPENS ?? (QUICK ? 8 : 20));
const CHURN_SECONDS = QUICK ? 2 : 10;
/** Each timed measure is run this many times; the figure is the run with the median p95. */
const RUNS = QUICK ? 1 : 3;
const log = (message: string) => console.log(`[bench] ${message}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Of several runs of one measure, the run with the median p95 (its p50 and p95), and every run's p95. */
function medianRun(runs: number[][]): { p50: number; p95: number; p95s: number[] } {
  const ranked = runs
    .map((times) => ({ p50: median(times), p95: percentile(times, 95) }))
    .sort((a, b) => a.p95 - b.p95);
  const middle = ranked[Math.floor((ranked.length - 1) / 2)]!;
  return { ...middle, p95s: runs.map((times) => percentile(times, 95)) };
}

async function taskSeconds(page: Page, run: () => Promise<unknown>): Promise<{ busy: number; wall: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')!.value;
  };
  const before = await read();
  const t = performance.now();
  await run();
  const wall = (performance.now() - t) / 1000;
  const busy = (await read()) - before;
  await cdp.detach();
  return { busy, wall };
}

async function main() {
  const chromiumPath = findChromium();
  log('building the store build of the extension …');
  const build = buildExtension('production');
  if (!build.ok) throw new Error(build.output);
  const contentScript = readFileSync(join(build.dir, 'content-scripts', 'content.js'));
  const gzipped = gzipSync(contentScript, { level: 9 }).length;
  log(
    `content script: ${(contentScript.length / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped`,
  );

  const profile = await launchProfile(build.dir);
  try {
    await profile.context.route('https://mail.google.com/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: overlayPage({ contacts: CONTACTS, accounts: ACCOUNTS }),
      }),
    );
    const options = await profile.page('options.html');
    log(
      `writing ${CONTACTS.toLocaleString()} contacts and ${ACCOUNTS.toLocaleString()} accounts (plus tasks and notes) into the extension's IndexedDB …`,
    );
    const memberId = 'bench-member';
    await seedExtensionCache(options, overlayDataset(memberId, { contacts: CONTACTS, accounts: ACCOUNTS }), memberId);

    if (process.env.BENCH_DEBUG) profile.worker.on('console', (m) => console.log('SW', m.text()));
    const gmail = await profile.context.newPage();
    if (process.env.BENCH_DEBUG) gmail.on('console', (m) => console.log('PAGE', m.text()));
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox');
    await gmail.waitForTimeout(1000);
    log(`opening ${OPENS} threads, ${RUNS} time(s) …`);
    const chipRuns: number[][] = [];
    const random = seededRandom(11);
    for (let run = 0; run < RUNS; run++) {
      const times: number[] = [];
      const warmUp = run === 0 ? 5 : 0;
      for (let k = 0; k < OPENS + warmUp; k++) {
        const i = Math.floor(random() * CONTACTS);
        const elapsed = await gmail.evaluate(
          (n) => (window as unknown as { openThread(n: number): Promise<number> }).openThread(n),
          i,
        );
        if (k >= warmUp) times.push(elapsed); // the first few warm up the service worker and IndexedDB
        await gmail.evaluate(() => (window as unknown as { closeThread(): void }).closeThread());
        // After the warm-up, the background's in-memory index (built on the first lookup) has time to finish.
        await gmail.waitForTimeout(k === warmUp - 1 ? 3_000 : 200);
      }
      chipRuns.push(times);
      log(`thread open → chip, run ${run + 1}: p50 ${ms(median(times))}, p95 ${ms(percentile(times, 95))}`);
    }
    const chip = medianRun(chipRuns);

    // Main-thread time while the page churns: overlay on vs off (the per-site switch), alternating.
    await gmail.evaluate((n) => (window as unknown as { openThread(n: number): Promise<number> }).openThread(n), 1);
    const setGmail = (on: boolean) =>
      options.evaluate(`chrome.storage.local.set({ overlaySites: { gmail: ${on}, outlook: true } })`);
    const runs: { on: number[]; off: number[]; mutations: number } = { on: [], off: [], mutations: 0 };
    for (const on of [true, false, true, false, true, false]) {
      await setGmail(on);
      await gmail.waitForTimeout(500);
      const { busy, wall } = await taskSeconds(gmail, async () => {
        runs.mutations = await gmail.evaluate(
          (s) => (window as unknown as { churn(s: number): Promise<number> }).churn(s),
          CHURN_SECONDS,
        );
      });
      (on ? runs.on : runs.off).push(busy / wall);
    }
    await setGmail(true);
    const overhead = median(runs.on) - median(runs.off);
    log(
      `main thread busy: ${(median(runs.on) * 100).toFixed(2)}% with the overlay, ${(median(runs.off) * 100).toFixed(2)}% without → ${(overhead * 100).toFixed(2)}% of wall time`,
    );

    // Side panel: opened (here as a page) beside the open thread.
    await gmail.evaluate((n) => (window as unknown as { openThread(n: number): Promise<number> }).openThread(n), 2);
    const panelRuns: number[][] = [];
    const openPanel = async (panel: Page) => {
      await panel.goto(`chrome-extension://${profile.extensionId}/sidepanel.html`, { waitUntil: 'commit' });
      // A string, so the bundler's helpers never reach the page.
      return panel.evaluate<number>(`new Promise((resolve) => {
        const check = () => (document.querySelector('[data-testid="email-context"] [data-person][data-known="yes"]') ? resolve(performance.now()) : requestAnimationFrame(check));
        check();
      })`);
    };
    for (let run = 0; run < RUNS; run++) {
      const times: number[] = [];
      for (let k = 0; k < PANEL_OPENS + 2; k++) {
        const panel = await profile.context.newPage();
        if (process.env.BENCH_DEBUG) panel.on('console', (m) => console.log('PANEL', m.text()));
        const at = await openPanel(panel);
        if (k >= 2) times.push(at);
        await panel.close();
        await gmail.waitForTimeout(300);
      }
      panelRuns.push(times);
      log(
        `side panel open → email context, run ${run + 1}: p50 ${ms(median(times))}, p95 ${ms(percentile(times, 95))}`,
      );
    }
    const panelFigure = medianRun(panelRuns);
    const traced = await profile.context.newPage();
    await captureOnRequest(traced, () => openPanel(traced));
    await traced.close();

    checkBudgets('overlay', [
      { measure: 'thread open → chip p95', value: chip.p95, budget: 16 },
      { measure: 'side panel → email context p95', value: panelFigure.p95, budget: 150 },
      { measure: 'main-thread share under DOM churn', value: overhead * 100, budget: 2, unit: '%' },
      { measure: 'content script gzipped', value: gzipped / 1024, budget: 20, unit: 'KB' },
    ]);
    const date = new Date().toISOString().slice(0, 10);
    if (!QUICK)
      writeResultsSection(
        'overlay',
        `## Webmail overlay (issue 4) — ${date}

Machine: ${describeMachine(chromiumPath)}.
Data: ${CONTACTS.toLocaleString()} contacts, ${ACCOUNTS.toLocaleString()} accounts, 5,000 tasks and 10,000 notes in the extension's IndexedDB; the store build on a Gmail-markup page served at https://mail.google.com/. Rerun: \`npm run bench:overlay\`.

| measure | result | target |
| --- | --- | --- |
| thread DOM inserted → chip drawn beside the sender, over ${OPENS} thread opens | p50 ${ms(chip.p50)}, **p95 ${ms(chip.p95)}** (the median of ${RUNS} runs; their p95s ${chip.p95s.map(ms).join(', ')}) | p95 ≤ 16 ms (one frame; 50 ms before issue 23) |
| content script, minified + gzipped | **${(gzipped / 1024).toFixed(1)} KB** (${(contentScript.length / 1024).toFixed(1)} KB minified) | ≤ 20 KB |
| extension's main-thread time in the page while it mutates its DOM 1,000×/s (${runs.mutations.toLocaleString()} mutations in ${CHURN_SECONDS} s; busy share with the overlay on minus off, median of 3 runs each) | **${(overhead * 100).toFixed(2)}%** of wall time (${(median(runs.on) * 100).toFixed(2)}% on, ${(median(runs.off) * 100).toFixed(2)}% off) | < 2% |
| side panel opened → the open email's context drawn, over ${PANEL_OPENS} opens | p50 ${ms(panelFigure.p50)}, **p95 ${ms(panelFigure.p95)}** (the median of ${RUNS} runs; their p95s ${panelFigure.p95s.map(ms).join(', ')}) | p95 ≤ 150 ms (300 ms before issue 23) |

Session 13 (2026-12-03), issue 23, the same machine and bench before → after: **chip p50 25.6 → 8.9 ms, p95 33.9 → 13.4 ms; side panel p50 195.4 → 168.0 ms, p95 291.5 → 214.3 ms** (before: one run of commit bed992f; after: the median of three). The chip: the page is read in the next task instead of 16 ms after the last change, and the background answers from its page index in memory (contacts and accounts read by id in one go, the counts and the deals at once) instead of six index probes in a row; measured first: 16 ms waiting, 7–20 ms in the background, ~5 ms of messaging. The side panel: a trace of one open showed ~45 ms for an empty extension page, ~80 ms loading fourteen script files (each file costs ~2 ms; 14 tiny modules load 30 ms slower than one 270 KB file), 25 ms evaluating them, then ~60 ms of database waits before the context drew. Now the open email's people come from the background's index (10 ms instead of 30–60 ms for the page's own first connection and reads; the page's live query takes over after), the first reads start before React mounts, every other view and the three other languages' catalogs load on demand, and chunks under 20 KB are merged (seven files on the panel's way instead of fourteen). Still past its target: what is left is mostly loading and evaluating the page's scripts (React, Dexie, zod, tldts: ~520 KB shared) before the first line of the panel runs; next: the session and tab context from the background in the same answer, and zod kept off the panel's first paint.`,
      );
    if (!QUICK) log('written to bench/RESULTS.md');
  } finally {
    await profile.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
