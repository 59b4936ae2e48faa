/**
 * Pipeline benchmark (issue 18). `npm run bench:deals`. Results go to bench/RESULTS.md.
 * The store build in real Chromium, with 10k accounts, 20k deals, 30k contacts and 40k interactions
 * in its IndexedDB:
 * - opening the board: navigation → the first column's cards drawn (20 loads);
 * - moving a card from the keyboard (Shift+→): keydown → the board redrawn with it moved (50 moves);
 * - the forecast recomputed over the 20k deals after one edit (the same function, in Node; 200 edits).
 * Prompts from scratch with deals are in `npm run bench:prompts`.
 * `BENCH_QUICK=1` runs a small version in seconds (a check before stopping, not the figures).
 */
import type { Page } from 'playwright-core';
import { buildRecord } from '../shared/factories';
import { forecast } from '../shared/deals';
import { DEFAULT_PIPELINES, type AnyRecord, type Deal, type Settings } from '../shared/records';
import { buildExtension } from '../scripts/lib/build';
import { findChromium, launchProfile } from '../scripts/lib/chromium';
import { seededRandom } from './lib/dataset';
import { seedExtensionCache } from './lib/extension-seed';
import { captureOnRequest } from './lib/capture';
import { describeMachine } from './lib/machine';
import { checkBudgets, percentile, writeResultsSection } from './lib/results';

const QUICK = !!process.env.BENCH_QUICK;
const ACCOUNTS = QUICK ? 1_000 : 10_000;
const DEALS = QUICK ? 2_000 : 20_000;
const CONTACTS = QUICK ? 3_000 : 30_000;
const INTERACTIONS = QUICK ? 4_000 : 40_000;
const LOADS = QUICK ? 3 : 20;
const MOVES = QUICK ? 5 : 50;
const log = (message: string) => console.log(`[bench] ${message}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const DAY = 86_400_000;
const QUIET_MS = Number(process.env.BENCH_QUIET_MS ?? 1_500);

function dataset(memberId: string): AnyRecord[] {
  const random = seededRandom(18);
  const now = Date.UTC(2026, 10, 20);
  const by = { memberId, now: now - 90 * DAY };
  const settings = buildRecord(
    'settings',
    {
      cadenceDays: { A: 14, B: 30, C: 90 },
      currency: 'EUR',
      currencyRates: { USD: 0.92 },
      forecastTargets: { '2026-Q4': 5e7 },
    },
    by,
  );
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
    buildRecord('account', { name: `Account ${i} GmbH`, tier: (['A', 'B', 'C'] as const)[i % 3] }, by),
  );
  const contacts = Array.from({ length: CONTACTS }, (_, i) =>
    buildRecord(
      'contact',
      {
        name: `Contact ${i}`,
        emails: [`c${i}@account-${i % ACCOUNTS}.example.com`],
        accountId: accounts[i % ACCOUNTS]!.id,
      },
      by,
    ),
  );
  const interactions = Array.from({ length: INTERACTIONS }, (_, i) =>
    buildRecord(
      'interaction',
      {
        subjectIds: [i % 2 ? contacts[i % CONTACTS]!.id : accounts[i % ACCOUNTS]!.id],
        kind: 'call',
        at: now - Math.floor(random() * 120) * DAY,
      },
      by,
    ),
  );
  const members = [memberId, 'mate-1', 'mate-2', 'mate-3'];
  const deals = Array.from({ length: DEALS }, (_, i) => {
    const pipeline = DEFAULT_PIPELINES[i % 10 === 0 ? 1 : 0]!;
    const stage = pipeline.stages[Math.floor(random() * pipeline.stages.length)]!;
    const month = 1 + Math.floor(random() * 12);
    const status = i % 10 === 3 ? 'won' : i % 10 === 7 ? 'lost' : 'open';
    return buildRecord(
      'deal',
      {
        name: `Deal ${i}`,
        accountId: accounts[i % ACCOUNTS]!.id,
        ownerId: members[i % members.length]!,
        pipelineId: pipeline.id,
        stageId: stage.id,
        status,
        amount: Math.round(1_000 + random() * 99_000),
        currency: i % 7 === 0 ? 'USD' : 'EUR',
        closeDate: `2026-${String(month).padStart(2, '0')}-15`,
        stageHistory: [{ at: now - Math.floor(random() * 60) * DAY, by: memberId, stageId: stage.id }],
      },
      by,
    );
  });
  return [settings, ...accounts, ...contacts, ...interactions, ...deals];
}

/** Records when the first card of the board is in the DOM and the frame after it is painted. */
const FIRST_CARD = `
  window.__firstCard = null;
  new MutationObserver((_, observer) => {
    if (window.__firstCard === null && document.querySelector('[data-testid="deal-card"]')) {
      observer.disconnect();
      const drawn = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__firstCard = { drawn, painted: performance.now() }; }, 0));
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function openBoard(page: Page, url: string): Promise<number> {
  // From a quiet page: the last open's own reads (every deal, every interaction for the staleness
  // marks) would otherwise still hold the database when the next open starts.
  await page.waitForTimeout(QUIET_MS);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __firstCard: unknown }).__firstCard !== null, undefined, {
    timeout: 60_000,
  });
  const timing = await page.evaluate<{ painted: number; domContentLoaded: number; read: number; marks: string }>(
    `({ painted: window.__firstCard.painted, domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, read: performance.getEntriesByName('margin:first-cards-read')[0]?.startTime ?? -1, marks: performance.getEntriesByType('mark').map((m) => m.name + ' ' + m.startTime.toFixed(0)).join(', ') })`,
  );
  if (process.env.BENCH_DEBUG)
    log(
      `DOMContentLoaded ${ms(timing.domContentLoaded)}, first cards read ${ms(timing.read)}, painted ${ms(timing.painted)}; ${timing.marks}`,
    );
  return timing.painted;
}

async function main() {
  const chromiumPath = findChromium();
  log('building the store build of the extension …');
  const build = buildExtension('production');
  if (!build.ok) throw new Error(build.output);
  const profile = await launchProfile(build.dir);
  try {
    const options = await profile.page('options.html');
    log(
      `writing ${DEALS.toLocaleString()} deals, ${ACCOUNTS.toLocaleString()} accounts, ${CONTACTS.toLocaleString()} contacts and ${INTERACTIONS.toLocaleString()} interactions …`,
    );
    await seedExtensionCache(options, dataset('bench-member'), 'bench-member');
    await options.close();

    const page = await profile.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.addInitScript(FIRST_CARD);
    const url = `chrome-extension://${profile.extensionId}/pipeline.html`;
    await openBoard(page, url); // warm: the first open compiles the page's code
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await openBoard(page, url));
    // BENCH_PROFILE / BENCH_TRACE: a profile or trace of one more open (bench/lib/capture.ts).
    await captureOnRequest(page, () => openBoard(page, url));
    log(`board first paint p50 ${ms(percentile(loads, 50))} p95 ${ms(percentile(loads, 95))}`);
    await page.waitForTimeout(1_500);

    const moves: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      // A string, not a function: the bundler would wrap the inner function in a helper the page lacks.
      const elapsed = await page.evaluate<number>(`new Promise((resolve) => {
        const columns = [...document.querySelectorAll('section[data-testid^="column-"]')];
        const card = columns[0].querySelector('[data-testid="deal-card"]');
        card.focus();
        const started = performance.now();
        card.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true }));
        const source = columns[0];
        // Redrawn: gone from its column (the next one shows it if it closes among its first cards).
        const check = () => {
          if (!source.querySelector('#' + CSS.escape(card.id))) requestAnimationFrame(() => resolve(performance.now() - started));
          else requestAnimationFrame(check);
        };
        check();
      })`);
      moves.push(elapsed);
      await page.waitForTimeout(150);
    }
    log(`move a card p50 ${ms(percentile(moves, 50))} p95 ${ms(percentile(moves, 95))}`);

    // The forecast is a pure function of the deals: timed here, one edited deal at a time.
    const records = dataset('bench-member');
    const deals = records.filter((r): r is Deal => r.type === 'deal');
    const settings = records.find((r): r is Settings => r.type === 'settings')!;
    const forecastTimes: number[] = [];
    for (let i = 0; i < (QUICK ? 20 : 200); i++) {
      const k = (i * 7919) % deals.length;
      deals[k] = { ...deals[k]!, amount: (deals[k]!.amount ?? 0) + 1, updatedAt: Date.now() };
      const started = performance.now();
      forecast(deals, settings, '2026-Q4');
      forecastTimes.push(performance.now() - started);
    }
    log(`forecast after an edit p50 ${ms(percentile(forecastTimes, 50))} p95 ${ms(percentile(forecastTimes, 95))}`);

    checkBudgets('deals', [
      { measure: 'board first paint p95', value: percentile(loads, 95), budget: 300 },
      { measure: 'move a card p95', value: percentile(moves, 95), budget: 50 },
      { measure: 'forecast after an edit p95', value: percentile(forecastTimes, 95), budget: 20 },
    ]);
    if (!QUICK)
      writeResultsSection(
        'deals',
        `## Pipeline (issue 18) — ${new Date().toISOString().slice(0, 10)}

Machine: ${describeMachine(chromiumPath)}.
Data: ${DEALS.toLocaleString()} deals over ${ACCOUNTS.toLocaleString()} accounts (two pipelines, 10% won and 10% lost, every seventh in USD), ${CONTACTS.toLocaleString()} contacts and ${INTERACTIONS.toLocaleString()} interactions in the extension's IndexedDB; the store build, a 1600×1000 window. Rerun: \`npm run bench:deals\` (\`BENCH_QUICK=1\` for a quick check).

| measure | result | target |
| --- | --- | --- |
| open the board: navigation → the first cards drawn and painted (${LOADS} loads after a warm-up) | p50 ${ms(percentile(loads, 50))}, **p95 ${ms(percentile(loads, 95))}** | p95 ≤ 300 ms |
| move a card (Shift+→): keydown → the board redrawn with the card moved out of its column (${MOVES} moves) | p50 ${ms(percentile(moves, 50))}, **p95 ${ms(percentile(moves, 95))}** | p95 ≤ 50 ms |
| the forecast over all deals recomputed after one edit (${forecastTimes.length} edits; the same function the page runs, in Node) | p50 ${ms(percentile(forecastTimes, 50))}, **p95 ${ms(percentile(forecastTimes, 95))}** | ≤ 20 ms |

Where the time goes, and what was done (2026-12-02): reading every deal and account before drawing (IndexedDB \`getAll\` of 20,000 deals is 160–230 ms here, 10,000 accounts 115 ms) put the first paint at about 950 ms. The page now reads, through an index \`[status+pipelineId+stageId+closeDate]\`, only the first open cards of each stage (25 then; 10 since session 10) of the pipeline shown last (remembered in the page's storage) and their accounts, starting before React mounts; totals say "counting…" until every deal is read just after that paint. A move draws at once (the page keeps the moved card where it was dropped) and the store then reads back only the deals the change log names, not all 20,000. Of the first paint, about 100 ms is the page's own start (DOMContentLoaded: React, Dexie and the schemas), 100–120 ms opening the database and the first reads, 45 ms drawing. The p95 is above its target on this 2-core machine (runs vary by ±50 ms); next: a smaller page bundle (the schemas are built at start) and a first read that does not wait for the database's version check.

Earlier figures (2026-12-02, this machine): move p95 60.7 ms (p50 43.8) while columns sorted their cards with a locale comparison; close dates now compare as plain strings. Other runs of the first paint with the first-cards read: p50 251 / p95 332 ms and p50 271 / p95 389 ms.

Session 10 (2026-12-02, the same machine class, but this session's machine ran the unchanged code about twice as slow: commit c93a64f measured p50 574 / p95 743 ms here). Opens now start from a quiet page (1.5 s after the last one: the previous open's own read of every deal and interaction otherwise held the database, and the next open's database open took 150–230 ms instead of 10–20). Same machine, same bench, before → after this session's changes: **first paint p50 376 → 279 ms, p95 457 → 402 ms** (a quick-mode run before the 10-card first read: p50 296 / p95 306). What changed: the deal view (research, capture) loads after the board paints; the page no longer loads the prompt engine, tldts or the account writes (page bundle 785 → 634 KB, the only chunk on its way); 10 cards per column for the first paint, read with one getAll each; one Intl formatter per language (toLocaleDateString built one per card: 20 ms); off-screen cards skip layout. A Chrome trace (\`BENCH_TRACE=file.json\`) of one open: ~80 ms loading the page's scripts, 37 ms evaluating them, 60 ms of database waits, 24 ms React, 22 ms layout and paint. The p95 target is still missed on this machine; next: a smaller shared chunk (the three other languages' catalogs, 85 KB, loaded on demand).

Session 14 (2026-12-04, an AMD EPYC machine of the same class, quiet): the board's first paint with no change to its code since session 13 (on-demand catalogs, merged chunks) measured p95 274.8, 258.8, 287.2 and 286.1 ms in four runs, within its target. Moving a card measured p50 54–58 / p95 70–74 ms here before this session's change; a CPU profile of ten moves showed two thirds of the board's redraw in \`translate\`: every call built a new \`Intl.PluralRules\`, and every number a new formatter (\`toLocaleString\`). Each language's plural rules and number format are now made once (every page gains), the columns' name ties use one \`Intl.Collator\` instead of \`localeCompare\`, and each deal's stage is placed once per redraw instead of twice. In quick mode the move went from p50 46.1 / p95 63.1 to p50 31.7 / p95 46.1 ms. A profile at full size then showed a quarter of the redraw sorting the columns (a collator call for every tie of close dates) and 8% listing the filter's quarters again: the columns now sort ties by each name's rank (worked out once, again only when a name is new), and the filter choices come from the cached deals, which a move does not change. Full size, the same hour: p50 49.5 / p95 86.4 → p50 42.1 / p95 73.0 ms; still past its target.

Session 15 (2026-12-04, the same machine class): a CPU profile of fifteen moves at full size put 23 ms of each move in building the columns again from all 20,000 deals (placing, filtering and sorting 1,600 cards per column), twice per move (the move drawn at once, then the cache's read-back). The board now remembers its last columns and, when the deals differ in a few places (at most 64) and nothing else changed, takes the changed cards out and puts them back by binary search, summing only their columns again; a new name, another filter, pipeline or rates build them anew. Ties of close date and name are now ordered by id, so a patched board and a new one are the same (a property test checks exactly that, over random moves, wins, losses, renames, repricings and pipeline changes). Before → after, two runs each, the same hour: **move p50 40.5 / 37.8 → 20.5 / 21.0 ms, p95 77.9 / 69.1 → 42.9 / 41.8 ms**, within its target. The slowest moves left are the first ones after the board opens (the redraw's code not yet optimised by the engine).

Prompts from scratch with ${DEALS.toLocaleString()} deals: see "Next-step prompts".`,
      );
  } finally {
    await profile.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
