/**
 * Sync benchmark (issue 3). `npm run bench:sync` (BENCH_RECORDS=N for a smaller run, BENCH_RUNS=N first syncs, floors and PouchDB replications, 3 by default).
 * Side by side in one run, on this machine, results written to bench/RESULTS.md:
 * - cold first sync of a seeded team into the extension's Dexie, in real Chromium, from `wrangler dev`;
 * - PouchDB replicating the same documents from pouchdb-server over loopback, in the same Chromium;
 * - the floor: a plain Dexie bulkPut of the same rows in the same browser;
 * - delta pull of 10 changed rows with 1k vs N rows on the server;
 * - 1,000 offline mutations pushed and acknowledged (the extension's sync engine, Node + fake-indexeddb);
 * - peak resident memory of the browser during the first sync.
 */
import 'fake-indexeddb/auto';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRecord } from '../shared/factories';
import { formatHlc } from '../shared/hlc';
import { pullResponse, toEnvelope } from '../shared/protocol';
import { MarginDB, RECORD_STORES } from '../extension/lib/db';
import { syncApi } from '../extension/background/api-client';
import { createRecord } from '../extension/ui/local-writes';
import { syncOnce } from '../extension/background/sync-engine';
import { buildExtension } from '../scripts/lib/build';
import { fillSignInForm, findChromium, launchProfile, type ExtensionProfile } from '../scripts/lib/chromium';
import { pushRecords } from '../scripts/lib/seed';
import { ROOT, applyLocalMigrations, freePort, startWrangler } from '../scripts/lib/wrangler';
import { createInvite, createTeam } from '../tests/support/team';
import { generateTeam } from './lib/dataset';
import { describeMachine, median, residentBytes, samplePeak } from './lib/machine';
import { serveStatic } from '../scripts/lib/static-server';
import { writeResultsSection } from './lib/results';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
/** First syncs, floors and PouchDB replications measured, each in a fresh profile; the medians are reported. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PEER_DIR = join(ROOT, 'bench', '.peer');
const log = (message: string) => console.log(`[bench] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** pouchdb-server and the browser build of PouchDB, installed on first use in a scratch folder. */
function ensurePeer() {
  if (
    existsSync(join(PEER_DIR, 'node_modules', 'pouchdb-server')) &&
    existsSync(join(PEER_DIR, 'node_modules', 'pouchdb'))
  )
    return;
  log('installing the PouchDB peer (pouchdb-server 4.2.0, pouchdb 9) into bench/.peer …');
  mkdirSync(PEER_DIR, { recursive: true });
  writeFileSync(join(PEER_DIR, 'package.json'), '{"name":"bench-peer","private":true}\n');
  execFileSync(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', 'pouchdb-server@4.2.0', 'pouchdb@9.0.0'],
    { cwd: PEER_DIR, stdio: 'inherit' },
  );
}

async function timePull(url: string, token: string, cursor: number, repeats = 30): Promise<number> {
  const clientId = crypto.randomUUID();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const response = await fetch(`${url}/v1/sync/pull`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId, cursor, limit: 500 }),
    });
    const page = pullResponse.parse(await response.json());
    if (page.rows.length !== 10) throw new Error(`delta pull returned ${page.rows.length} rows, expected 10`);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function changeTen(url: string, token: string, ids: string[]) {
  const clientId = crypto.randomUUID();
  const mutations = ids.slice(0, 10).map((id, i) =>
    toEnvelope({
      id: i + 1,
      name: 'record.update',
      hlc: formatHlc({ ms: Date.now(), counter: i }, clientId),
      type: 'contact',
      recordId: id,
      patch: { title: `Changed ${i}` },
    }),
  );
  const response = await fetch(`${url}/v1/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientId, mutations }),
  });
  if (!response.ok) throw new Error(`changing rows failed: ${response.status}`);
}

async function main() {
  const chromiumPath = findChromium();
  ensurePeer();
  const results: Record<string, string> = {};
  const persistTo = mkdtempSync(join(tmpdir(), 'margin-bench-d1-'));
  await applyLocalMigrations(persistTo);
  const server = await startWrangler({ persistTo, extraArgs: ['--var', 'RATE_LIMIT_PER_MINUTE:1000000'] });
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => server.stop(),
    () => rmSync(persistTo, { recursive: true, force: true }),
  ];
  try {
    // 1. The seeded team on our server.
    const owner = await createTeam(server.url, 'Bench Team');
    const records = generateTeam(N, owner.member.id);
    const bytes = records.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
    log(`seeding ${N.toLocaleString()} records (${mib(bytes)} of JSON) …`);
    let t = performance.now();
    await pushRecords(server.url, owner.token, records, 500);
    results.seed = seconds(performance.now() - t);

    // 2. Cold first sync into the extension in real Chromium, and 3. the floor: a plain Dexie bulkPut of
    // the same rows in the same browser. Measured in turns, RUNS times, each sync in a fresh profile and
    // each floor right after it, so a slow minute on this shared machine weighs on both alike.
    const build = buildExtension('demo');
    if (!build.ok) throw new Error(build.output);
    const datasetJson = JSON.stringify(records);
    const syncRuns: number[] = [];
    const floorRuns: number[] = [];
    let profile: ExtensionProfile | undefined;
    for (let run = 0; run < RUNS; run++) {
      if (profile) await profile.close();
      profile = await launchProfile(build.dir);
      syncRuns.push((await firstSync(profile)).ms);
      log(`first sync ${run + 1}/${RUNS}: ${seconds(syncRuns.at(-1)!)}`);
      floorRuns.push(await floor(profile));
      log(`Dexie bulkPut floor ${run + 1}/${RUNS}: ${seconds(floorRuns.at(-1)!)}`);
    }
    // Memory in a run of its own: reading every process's PSS five times a second costs the harness
    // about 5 s of CPU over a first sync, which the 2 cores would take from the timed runs.
    await profile!.close();
    profile = await launchProfile(build.dir);
    const memoryRun = await firstSync(profile, true);
    log(`first sync with memory sampling: ${seconds(memoryRun.ms)}, browser memory ${mib(memoryRun.peak)} peak`);
    await profile.close();
    const firstSyncMs = median(syncRuns);
    const floorMs = median(floorRuns);
    results.firstSync = `${seconds(firstSyncMs)} (runs: ${syncRuns.map(seconds).join(', ')})`;
    results.floor = `${seconds(floorMs)} (runs: ${floorRuns.map(seconds).join(', ')})`;
    results.memory = `${mib(memoryRun.peak)} peak (${mib(memoryRun.before)} before sign-in), in a separate first sync that took ${seconds(memoryRun.ms)} while sampled`;

    /** Signs a fresh profile in and waits until its first sync is done; checks every record arrived. */
    async function firstSync(target: ExtensionProfile, sampleMemory = false) {
      const code = await createInvite(server.url, owner.token);
      const options = await target.page('options.html');
      const signInButton = await fillSignInForm(options, server.url, code, 'Bench');
      // A rep signs in a while after the browser started: let its start-up work settle first.
      await new Promise((r) => setTimeout(r, 2_000));
      const before = residentBytes(target.userDataDir);
      const memory = sampleMemory ? samplePeak(() => residentBytes(target.userDataDir)) : null;
      const start = performance.now();
      await signInButton.click();
      // Watched from inside the page (the sync status the options page shows), not by a round trip per check.
      await options.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('margin');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (;;) {
          const status = await new Promise<{ value?: { syncing: boolean; lastSyncedAt: number | null } } | undefined>(
            (resolve) => {
              const r = db.transaction('meta').objectStore('meta').get('syncStatus');
              r.onsuccess = () => resolve(r.result);
            },
          );
          if (status?.value && !status.value.syncing && status.value.lastSyncedAt) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        db.close();
      });
      const ms = performance.now() - start;
      const peak = memory?.stop() ?? 0;
      const counts = await options.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const r = indexedDB.open('margin');
          r.onsuccess = () => resolve(r.result);
        });
        const names = ['accounts', 'contacts', 'notes', 'tasks'];
        const out = await Promise.all(
          names.map(
            (n) =>
              new Promise<number>((resolve) => {
                const r = db.transaction(n).objectStore(n).count();
                r.onsuccess = () => resolve(r.result);
              }),
          ),
        );
        db.close();
        return out.reduce((a, b) => a + b, 0);
      });
      if (counts !== N) throw new Error(`first sync stored ${counts} records, expected ${N}`);
      await options.close();
      return { ms, peak, before };
    }

    // The floor and PouchDB each run in a page of an origin of their own, so each writes into an empty
    // IndexedDB (an origin's databases share one store on disk).
    async function originPage(target: ExtensionProfile, script: 'dexie' | 'pouchdb') {
      const statics = await serveStatic(
        {
          '/': { body: '<!doctype html><title>bench</title>', type: 'text/html' },
          '/dataset.json': { body: datasetJson, type: 'application/json' },
          '/dexie.js': { file: join(ROOT, 'node_modules/dexie/dist/dexie.min.js'), type: 'text/javascript' },
          '/pouchdb.js': { file: join(PEER_DIR, 'node_modules/pouchdb/dist/pouchdb.min.js'), type: 'text/javascript' },
        },
        await freePort(),
      );
      const page = await target.context.newPage();
      await page.goto(statics.url);
      await page.addScriptTag({ url: `/${script}.js` });
      return {
        page,
        close: async () => {
          await page.close();
          statics.server.close();
        },
      };
    }

    /** A plain Dexie bulkPut of the same rows, with the extension's own indexes, in a page of the given profile. */
    async function floor(target: ExtensionProfile): Promise<number> {
      const { page, close } = await originPage(target, 'dexie');
      try {
        const ms = await page.evaluate(async (stores) => {
          const rows: { type: string }[] = await (await fetch('/dataset.json')).json();
          const DexieCtor = (globalThis as unknown as { Dexie: typeof import('dexie').Dexie }).Dexie;
          const db = new DexieCtor('floor');
          db.version(1).stores(stores);
          await db.open();
          const byTable = new Map<string, unknown[]>();
          for (const r of rows) {
            const list = byTable.get(`${r.type}s`);
            if (list) list.push(r);
            else byTable.set(`${r.type}s`, [r]);
          }
          const start = performance.now();
          for (const [table, items] of byTable) await db.table(table).bulkPut(items);
          return performance.now() - start;
        }, RECORD_STORES);
        return ms;
      } finally {
        await close();
      }
    }

    /**
     * pouchdb-server (in-memory, loaded once with the same documents), then PouchDB replicating from it
     * `runs` times, each in a fresh profile as each first sync is.
     */
    async function replicatePouch(compressed: boolean, runs: number): Promise<number[]> {
      const pouchPort = await freePort();
      const pouchDir = mkdtempSync(join(tmpdir(), 'margin-bench-pouch-'));
      const preload = compressed ? [] : ['-r', join(ROOT, 'bench/lib/pouchdb-server-uncompressed.cjs')];
      const pouch = spawn(
        process.execPath,
        [
          ...preload,
          join(PEER_DIR, 'node_modules/pouchdb-server/bin/pouchdb-server'),
          '--host',
          '127.0.0.1',
          '--port',
          String(pouchPort),
          '--in-memory',
        ],
        { cwd: pouchDir, stdio: 'ignore' },
      );
      try {
        const pouchUrl = `http://127.0.0.1:${pouchPort}`;
        for (let i = 0; ; i++) {
          try {
            if ((await fetch(pouchUrl)).ok) break;
          } catch {
            if (i > 100) throw new Error('pouchdb-server did not start');
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        await fetch(`${pouchUrl}/bench`, { method: 'PUT' });
        log(`loading the same documents into pouchdb-server (${compressed ? 'gzip, its default' : 'uncompressed'}) …`);
        for (let i = 0; i < records.length; i += 1000) {
          const docs = records.slice(i, i + 1000).map((r) => ({ ...r, _id: r.id }));
          const response = await fetch(`${pouchUrl}/bench/_bulk_docs`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ docs }),
          });
          if (!response.ok) throw new Error(`pouchdb-server bulk load failed: ${response.status}`);
        }
        const probe = await fetch(`${pouchUrl}/bench/_changes?limit=200`, { headers: { 'Accept-Encoding': 'gzip' } });
        const encoding = probe.headers.get('Content-Encoding');
        if ((encoding === 'gzip') !== compressed)
          throw new Error(
            `pouchdb-server answered with Content-Encoding ${encoding}, expected ${compressed ? 'gzip' : 'none'}`,
          );
        const times: number[] = [];
        for (let run = 0; run < runs; run++) {
          const target = await launchProfile(build.dir);
          const { page, close } = await originPage(target, 'pouchdb');
          try {
            const result = await page.evaluate(
              async ([remote, name]) => {
                const PouchDBCtor = (
                  globalThis as unknown as {
                    PouchDB: {
                      new (name: string): { info(): Promise<{ doc_count: number }> };
                      replicate(from: string, to: unknown, options: { batch_size: number }): Promise<unknown>;
                    };
                  }
                ).PouchDB;
                const local = new PouchDBCtor(name);
                const start = performance.now();
                await PouchDBCtor.replicate(remote, local, { batch_size: 1000 });
                const elapsed = performance.now() - start;
                const info = await local.info();
                return { elapsed, docs: info.doc_count };
              },
              [`${pouchUrl}/bench`, 'bench-local'] as const,
            );
            if (result.docs !== N) throw new Error(`PouchDB replicated ${result.docs} docs, expected ${N}`);
            times.push(result.elapsed);
            log(
              `PouchDB replication, server ${compressed ? 'gzip' : 'uncompressed'}, ${run + 1}/${runs}: ${seconds(result.elapsed)}`,
            );
          } finally {
            await close();
            await target.close();
          }
        }
        return times;
      } finally {
        pouch.kill('SIGKILL');
        rmSync(pouchDir, { recursive: true, force: true });
      }
    }
    const pouchRuns = await replicatePouch(false, RUNS);
    const pouchMs = median(pouchRuns);
    results.pouch = `${seconds(pouchMs)} (runs: ${pouchRuns.map(seconds).join(', ')})`;
    const pouchGzipMs = (await replicatePouch(true, 1))[0]!;
    results.pouchGzip = seconds(pouchGzipMs);

    // 5. Delta pull: 10 changed rows with 1k vs N rows on the server.
    const small = await createTeam(server.url, 'Bench Small');
    const smallRecords = generateTeam(1000, small.member.id, 7);
    await pushRecords(server.url, small.token, smallRecords, 500);
    const contactIds = (list: typeof records) => list.filter((r) => r.type === 'contact').map((r) => r.id);
    await changeTen(server.url, small.token, contactIds(smallRecords));
    await changeTen(server.url, owner.token, contactIds(records));
    const smallMs = await timePull(server.url, small.token, smallRecords.length);
    const bigMs = await timePull(server.url, owner.token, records.length);
    results.delta = `${smallMs.toFixed(1)} ms (1k) vs ${bigMs.toFixed(1)} ms (${N.toLocaleString()}): ratio ${(bigMs / smallMs).toFixed(2)}`;
    log(`delta pull: ${results.delta}`);

    // 6. 1,000 offline mutations pushed and acknowledged.
    const pusher = await createTeam(server.url, 'Bench Push');
    const db = new MarginDB(`bench-${crypto.randomUUID()}`);
    const subject = buildRecord(
      'account',
      { name: 'Offline Account' },
      { memberId: pusher.member.id, now: Date.now() },
    );
    await createRecord(db, subject);
    for (let i = 1; i < 1000; i++) {
      await createRecord(
        db,
        buildRecord(
          'note',
          { subjectId: subject.id, body: `Offline note ${i}: ${'x'.repeat(200)}` },
          { memberId: pusher.member.id, now: Date.now() },
        ),
      );
    }
    const api = syncApi(server.url, pusher.token);
    let pushMs = 0;
    const timedApi = {
      ...api,
      push: async (body: Parameters<typeof api.push>[0]) => {
        const s = performance.now();
        const r = await api.push(body);
        pushMs += performance.now() - s;
        return r;
      },
    };
    t = performance.now();
    const round = await syncOnce(db, timedApi);
    const roundMs = performance.now() - t;
    if (round.pushed !== 1000 || (await db.outbox.count()) !== 0)
      throw new Error('not every offline mutation was acknowledged');
    results.push = `${seconds(pushMs)} pushing and acknowledged (${seconds(roundMs)} with the pull of them back)`;
    log(`1,000 offline mutations: ${results.push}`);
    await db.delete();

    const ratioPouch = pouchMs / firstSyncMs;
    const ratioPouchGzip = pouchGzipMs / firstSyncMs;
    const ratioFloor = firstSyncMs / floorMs;
    const date = new Date().toISOString().slice(0, 10);
    const section = `## Sync (issue 3) — ${date}

Machine: ${describeMachine(chromiumPath)}.
Data: a seeded team of ${N.toLocaleString()} records (10% accounts, 40% contacts, 35% notes of 0.2–4 KB, 15% tasks; ${mib(bytes)} of JSON). Rerun: \`npm run bench:sync\`.

| measure | result | target |
| --- | --- | --- |
| cold first sync into the extension's Dexie (real Chromium, from \`wrangler dev\`), median of ${RUNS} fresh profiles | ${results.firstSync} | ≤ 20 s |
| PouchDB 9 in the same Chromium replicating the same documents from pouchdb-server 4.2 (in-memory, loopback, batch_size 1000), its server uncompressed like ours, median of ${RUNS} fresh profiles | ${results.pouch} | — |
| **Margin vs PouchDB** | **${ratioPouch.toFixed(2)}× faster** | ≥ 3× |
| the same, pouchdb-server with its default gzip (one run) | ${results.pouchGzip}: Margin **${ratioPouchGzip.toFixed(2)}× faster** | — |
| floor: plain Dexie \`bulkPut\` of the same rows, same browser, median of ${RUNS} (each right after a first sync) | ${results.floor} | — |
| **Margin as a ratio of the floor** | **${ratioFloor.toFixed(2)}×** | ≤ 2.5× |
| delta pull of 10 changed rows, median of 30 | ${results.delta} | ratio ≤ 1.5 |
| 1,000 offline mutations (sync engine in Node on fake-indexeddb) | ${results.push} | ≤ 3 s |
| peak memory of the browser during the first sync (sum of PSS over all its processes) | ${results.memory} | — |
| seeding the server through the push API (500 per request) | ${results.seed} | — |

Compression: over loopback both servers answer uncompressed. Ours does so for any reader on its own machine (\`worker/loopback-encoding.ts\`): wrangler emulates Cloudflare's edge compression inside workerd, so gzip cost the shared CPU on both sides and saved nothing. On Cloudflare the edge still compresses. pouchdb-server's gzip is switched off for the like-for-like row (\`bench/lib/pouchdb-server-uncompressed.cjs\`); the row after it keeps pouchdb-server's default. The floor and each PouchDB run write into a page of an origin of their own, so each starts from an empty IndexedDB. Each PouchDB run uses a fresh profile of the same Chromium, as each first sync does. The first syncs are timed without memory sampling, which costs the harness CPU; memory comes from a separate first sync.`;
    writeResultsSection('sync', section);
    log(`written to bench/RESULTS.md:\n${section}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
