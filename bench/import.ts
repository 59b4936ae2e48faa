/**
 * Import benchmark (issue 8). `npm run bench:import`. Results go to bench/RESULTS.md.
 * The store build in real Chromium, 2,000 accounts and 5,000 contacts already cached; a Google
 * Contacts CSV of 10,000 rows (some addresses the team has, some repeated in the file, some
 * invalid) imported through Options → Import and export, as a person would:
 * - time from choosing the file to the mapping step, from Preview to the preview, from Import to done;
 * - the page's responsiveness throughout: long tasks (over 50 ms, PerformanceObserver) and the
 *   longest gap between animation frames.
 */
import { writeFileSync } from 'node:fs';
import { buildRecord } from '../shared/factories';
import type { AnyRecord } from '../shared/records';
import { buildExtension } from '../scripts/lib/build';
import { findChromium, launchProfile } from '../scripts/lib/chromium';
import { seededRandom } from './lib/dataset';
import { seedExtensionCache } from './lib/extension-seed';
import { describeMachine } from './lib/machine';
import { writeResultsSection } from './lib/results';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const log = (message: string) => console.log(`[bench] ${message}`);
const ms = (value: number) => `${value.toFixed(0)} ms`;

function cached(memberId: string): AnyRecord[] {
  const by = { memberId, now: Date.UTC(2026, 10, 1) };
  const accounts = Array.from({ length: 2_000 }, (_, i) =>
    buildRecord('account', { name: `Company ${i} GmbH`, domains: [`company-${i}.com`] }, by),
  );
  const contacts = Array.from({ length: 5_000 }, (_, i) =>
    buildRecord(
      'contact',
      { name: `Known ${i}`, emails: [`known${i}@company-${i % 2_000}.com`], accountId: accounts[i % 2_000]!.id },
      by,
    ),
  );
  return [...accounts, ...contacts];
}

/** A Google Contacts export: 1 in 20 rows an address the team has, 1 in 50 repeated, 1 in 100 invalid. */
function googleCsv(): string {
  const random = seededRandom(21);
  const first = ['Anna', 'Jonas', 'Lena', 'Marco', 'Sofia', 'Liam', 'Nora', '小明', '민수', 'Zoë'];
  const last = ['Weber', 'Rossi', 'Lind', 'Novak', 'Dubois', 'Jansen', '王', '김', 'Müller', 'Silva'];
  const lines = [
    'First Name,Middle Name,Last Name,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title',
  ];
  for (let i = 0; i < ROWS; i++) {
    const company = Math.floor(random() * 3_000); // two thirds known companies, one third new ones
    const email =
      i % 100 === 99
        ? 'not-an-address'
        : i % 20 === 0
          ? `known${i % 5_000}@company-${(i % 5_000) % 2_000}.com`
          : i % 50 === 1 && i > 1
            ? `person${i - 1}@company-${company}.com`
            : `person${i}@company-${company}.com`;
    const note = i % 10 === 0 ? `"Met at the fair, wants a quote; follow up in ${1 + (i % 12)} weeks."` : '';
    lines.push(
      [
        first[i % first.length],
        '',
        last[(i * 7) % last.length],
        note,
        '* myContacts',
        'Work',
        email,
        'Mobile',
        `+49 40 ${1000 + (i % 9000)}-${i}`,
        `Company ${company} GmbH`,
        'Buyer',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface Run {
  toMapping: number;
  toPreview: number;
  toDone: number;
  total: number;
  longTasks: number[];
  frameGap: number;
  summary: string;
  done: string;
  counts: { contacts: number; outbox: number };
}

/** One import in a fresh profile, timed. */
async function importOnce(dir: string, csv: string): Promise<Run> {
  const profile = await launchProfile(dir);
  try {
    const options = await profile.page('options.html');
    if (process.env.BENCH_DEBUG) options.on('console', (m) => console.log('PAGE', m.text()));
    await seedExtensionCache(options, cached('bench-member'), 'bench-member');
    await options.reload();
    await options.getByTestId('import-file').waitFor();
    // A rep imports into an extension that has been running: let the background finish reading the
    // freshly seeded cache (search index, agenda) first, as it would have long before.
    await options.waitForTimeout(3_000);
    await options.evaluate(`(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) { window.__longTasks.push(e.duration); (window.__longAt ??= []).push([Math.round(e.startTime), Math.round(e.duration)]); } }).observe({ type: 'longtask' });
      window.__frameGap = 0;
      let last = performance.now();
      const frame = (now) => { window.__frameGap = Math.max(window.__frameGap, now - last); last = now; if (!window.__stopFrames) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    })()`);
    const t0 = Date.now();
    const p0 = (await options.evaluate('performance.now()')) as number;
    await options
      .getByTestId('import-file')
      .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await options.getByRole('button', { name: 'Preview' }).waitFor({ timeout: 60_000 });
    const toMapping = Date.now() - t0;
    // BENCH_PROFILE=file.cpuprofile [BENCH_PROFILE_PHASE=preview]: a CPU profile of the page during one
    // phase (with MARGIN_NO_MINIFY=1 the profile keeps function names).
    const profiled = process.env.BENCH_PROFILE ? (process.env.BENCH_PROFILE_PHASE ?? 'import') : null;
    const cdp = profiled ? await options.context().newCDPSession(options) : null;
    const startProfile = async () => {
      await cdp!.send('Profiler.enable');
      await cdp!.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp!.send('Profiler.start');
    };
    const stopProfile = async () =>
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await cdp!.send('Profiler.stop')).profile));
    if (profiled === 'preview') await startProfile();
    const t1 = Date.now();
    await options.getByRole('button', { name: 'Preview' }).click();
    await options.getByTestId('import-preview').waitFor({ timeout: 120_000 });
    const toPreview = Date.now() - t1;
    if (profiled === 'preview') await stopProfile();
    const summary = await options.getByTestId('import-preview').innerText();
    if (profiled === 'import') await startProfile();
    const t2 = Date.now();
    await options.getByRole('button', { name: /^Import [\d,]+ contacts$/ }).click();
    await options.getByTestId('import-done').waitFor({ timeout: 120_000 });
    const toDone = Date.now() - t2;
    if (profiled === 'import') await stopProfile();
    if (process.env.BENCH_DEBUG)
      console.log(
        'phases',
        toMapping,
        toPreview,
        toDone,
        'long tasks at',
        JSON.stringify(((await options.evaluate('window.__longAt')) as number[][]).map(([at, d]) => [at! - p0, d])),
      );
    const done = await options.getByTestId('import-done').innerText();
    const responsiveness = (await options.evaluate(
      '(() => { window.__stopFrames = true; return { longTasks: window.__longTasks, frameGap: window.__frameGap }; })()',
    )) as { longTasks: number[]; frameGap: number };
    const counts = (await options.evaluate(
      `new Promise((resolve) => { const r = indexedDB.open('margin'); r.onsuccess = () => { const db = r.result; const tx = db.transaction(['contacts', 'outbox'], 'readonly'); const c = tx.objectStore('contacts').count(); const o = tx.objectStore('outbox').getAll(); tx.oncomplete = () => resolve({ contacts: c.result, outbox: o.result.reduce((n, row) => n + (row.size ?? 1), 0) }); }; })`,
    )) as { contacts: number; outbox: number };
    return {
      toMapping,
      toPreview,
      toDone,
      total: toMapping + toPreview + toDone,
      ...responsiveness,
      summary,
      done,
      counts,
    };
  } finally {
    await profile.close();
  }
}

async function main() {
  const chromiumPath = findChromium();
  log('building the store build of the extension …');
  const build = buildExtension('production');
  if (!build.ok) throw new Error(build.output);
  const csv = googleCsv();
  const runs: Run[] = [];
  for (let r = 0; r < RUNS; r++) {
    log(
      `import ${r + 1} of ${RUNS}: a ${(csv.length / 1024 / 1024).toFixed(1)} MB Google Contacts CSV of ${ROWS.toLocaleString()} rows, fresh profile …`,
    );
    const run = await importOnce(build.dir, csv);
    runs.push(run);
    log(
      `file → mapping ${ms(run.toMapping)}, Preview → preview ${ms(run.toPreview)}, Import → done ${ms(run.toDone)}: total ${ms(run.total)}; long tasks ${run.longTasks.length}, longest ${ms(Math.max(0, ...run.longTasks))}, frame gap ${ms(run.frameGap)}`,
    );
  }
  const mid = [...runs].sort((a, b) => a.total - b.total)[Math.floor(runs.length / 2)]!;
  const longest = Math.max(0, ...runs.flatMap((r) => r.longTasks));
  const blocking = (r: Run) => r.longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  log(mid.summary.replace(/\s+/g, ' ').slice(0, 300));
  log(mid.done);

  const date = new Date().toISOString().slice(0, 10);
  writeResultsSection(
    'import',
    `## Import (issue 8) — ${date}

Machine: ${describeMachine(chromiumPath)}.
Data: a Google Contacts CSV of ${ROWS.toLocaleString()} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB; 1 in 20 rows an address the team already has, 1 in 50 repeating the row before, 1 in 100 an invalid address, 1 in 10 with a note; a third of the companies new) into a cache of 2,000 accounts and 5,000 contacts; the store build, through Options → Import and export, ${RUNS} imports each in a fresh profile. Rerun: \`npm run bench:import\`.

| measure (median run by total) | result | target |
| --- | --- | --- |
| choosing the file → mapping step (read, parse with Papa Parse, recognise the columns) | ${ms(mid.toMapping)} | — |
| Preview → preview (every row checked, duplicates folded, known addresses merged, companies matched) | ${ms(mid.toPreview)} | — |
| Import → done (one transaction: contacts, accounts, notes and their outbox entries) | ${ms(mid.toDone)} | — |
| **total** | **${ms(mid.total)}** (runs: ${runs.map((r) => ms(r.total)).join(', ')}) | ≤ 5 s |
| responsiveness over all runs: the longest task on the page's thread; per run, long tasks (> 50 ms) and total blocking time; the longest gap between frames | ${ms(longest)}; ${runs.map((r) => `${r.longTasks.length} / ${ms(blocking(r))}`).join(', ')}; ${ms(Math.max(...runs.map((r) => r.frameGap)))} | UI responsive |

Result: ${mid.done} The cache then held ${mid.counts.contacts.toLocaleString()} contacts and ${mid.counts.outbox.toLocaleString()} changes queued for the server.

Where the time goes (development runs, instrumented): the import step writes ~11,600 records in one transaction, and their outbox entries as 24 batch rows of up to 500 mutations (one row per write made the step 1.3 s slower: on this VM Chromium's IndexedDB costs about 85 µs per row even from a bare \`put\` loop, most of it per request). Only the indexes a query reads are kept (contacts: name, addresses, account). Checking the rows (about 0.7 s of the preview) validates each row once and derives the stable ids with a JavaScript SHA-256 instead of a Web Crypto round trip per address. The work is sliced (500 rows per task while checking, 1,000 rows per write request), so the page keeps drawing. Each import starts 3 s after the seeded cache was loaded, once the background has read it (search index, agenda), as in a browser where Margin has been running.`,
  );
  log('written to bench/RESULTS.md');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
