/**
 * Load test (issue 7). `npm run bench:load` (LOAD_SECONDS, LOAD_CLIENTS to change the run).
 * 50 concurrent clients, each a member of one team with its own token and client id, push and
 * pull for 60 s against `wrangler dev` with a local D1. Every mutation is a create with a unique
 * record id, retried as a client would after an error; at the end a fresh client pulls everything
 * and each created record must be there exactly once. Throughput and latencies go to bench/RESULTS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRecord } from '../shared/factories';
import { formatHlc } from '../shared/hlc';
import { pullResponse, pushResponse, toEnvelope, type Mutation } from '../shared/protocol';
import { findChromium } from '../scripts/lib/chromium';
import { applyLocalMigrations, startWrangler } from '../scripts/lib/wrangler';
import { createInvite, createTeam, joinTeam } from '../tests/support/team';
import { describeMachine } from './lib/machine';
import { percentile, writeResultsSection } from './lib/results';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const BATCH = 10;
const log = (m: string) => console.log(`[bench] ${m}`);
/** The clients share a pool of 16 keep-alive connections, as requests from many browsers reach a server through a few proxies. */
const pool = new Agent({ connections: 16 });
const fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) =>
  undiciFetch(url, { ...init, dispatcher: pool });

interface Stats {
  push: number[];
  pull: number[];
  errors: string[];
  created: string[];
}

async function runClient(serverUrl: string, token: string, memberId: string, until: number, stats: Stats) {
  const clientId = crypto.randomUUID();
  let nextId = 1;
  let cursor = 0;
  let ms = Date.now();
  while (Date.now() < until) {
    const records = Array.from({ length: BATCH }, (_, i) =>
      buildRecord('contact', { name: `Load ${clientId.slice(0, 8)} ${nextId + i}` }, { memberId, now: Date.now() }),
    );
    const mutations: Mutation[] = records.map((record) => ({
      id: nextId++,
      name: 'record.create',
      hlc: formatHlc({ ms: ms++, counter: 0 }, clientId),
      record,
    }));
    // Sent until acknowledged, as the extension does: a retry of an applied batch is a no-op.
    for (let attempt = 0; ; attempt++) {
      const t = performance.now();
      try {
        const response = await fetch(`${serverUrl}/v1/sync/push`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientId, mutations: mutations.map(toEnvelope) }),
        });
        const body = await response.json();
        stats.push.push(performance.now() - t);
        if (!response.ok) throw new Error(`push HTTP ${response.status}: ${JSON.stringify(body)}`);
        const result = pushResponse.parse(body);
        if (result.rejected.length) throw new Error(`push rejected: ${result.rejected[0]!.message}`);
        break;
      } catch (error) {
        stats.errors.push(`push: ${String(error)} (${String((error as { cause?: unknown }).cause ?? '')})`);
        if (attempt > 20) throw error;
        // Back off as the extension does, so a dropped connection is not hammered.
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
    stats.created.push(...records.map((r) => r.id));
    const t = performance.now();
    try {
      const response = await fetch(`${serverUrl}/v1/sync/pull`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientId, cursor, limit: 500 }),
      });
      const body = await response.json();
      stats.pull.push(performance.now() - t);
      if (!response.ok) {
        stats.errors.push(`pull HTTP ${response.status}: ${JSON.stringify(body)}`);
        continue;
      }
      cursor = pullResponse.parse(body).cursor;
    } catch (error) {
      stats.errors.push(`pull: ${String(error)} (${String((error as { cause?: unknown }).cause ?? '')})`);
    }
  }
}

async function main() {
  const persistTo = mkdtempSync(join(tmpdir(), 'margin-load-d1-'));
  await applyLocalMigrations(persistTo);
  let serverLog = '';
  const server = await startWrangler({
    persistTo,
    extraArgs: ['--var', 'RATE_LIMIT_PER_MINUTE:1000000'],
    log: (line) => (serverLog = (serverLog + line).slice(-4000)),
  });
  server.process.once('exit', (code, signal) =>
    log(`wrangler dev exited (${code ?? signal}); its last output:\n${serverLog}`),
  );
  try {
    const owner = await createTeam(server.url, 'Load Team');
    const members = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) =>
        joinTeam(server.url, await createInvite(server.url, owner.token), `Rep ${i}`),
      ),
    );
    log(`${CLIENTS} clients pushing ${BATCH} creates and pulling, for ${SECONDS} s …`);
    const stats: Stats = { push: [], pull: [], errors: [], created: [] };
    const start = performance.now();
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(members.map((m) => runClient(server.url, m.token, m.member.id, until, stats)));
    const elapsed = (performance.now() - start) / 1000;

    // A fresh client reads everything: each created record once, nothing missing, nothing extra.
    const seen = new Map<string, number>();
    let cursor = 0;
    const clientId = crypto.randomUUID();
    for (;;) {
      const response = await fetch(`${server.url}/v1/sync/pull`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` },
        body: JSON.stringify({ clientId, cursor, limit: 2000 }),
      });
      const page = pullResponse.parse(await response.json());
      for (const row of page.rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const missing = stats.created.filter((id) => !seen.has(id)).length;
    const duplicated = [...seen.values()].filter((n) => n > 1).length;
    const extra = seen.size - new Set(stats.created).size;
    const requests = stats.push.length + stats.pull.length;
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    log(
      `${requests} requests in ${elapsed.toFixed(1)} s; ${stats.created.length} mutations; errors ${stats.errors.length}; missing ${missing}, duplicated ${duplicated}, extra ${extra}`,
    );
    log(
      `push p50 ${ms(percentile(stats.push, 50))} p95 ${ms(percentile(stats.push, 95))}; pull p50 ${ms(percentile(stats.pull, 50))} p95 ${ms(percentile(stats.pull, 95))}`,
    );
    const kinds = new Map<string, number>();
    for (const e of stats.errors) kinds.set(e.slice(0, 120), (kinds.get(e.slice(0, 120)) ?? 0) + 1);
    for (const [kind, n] of kinds) log(`error ×${n}: ${kind}`);
    writeResultsSection(
      'load',
      `## Load test (issue 7) — ${new Date().toISOString().slice(0, 10)}

Machine: ${describeMachine(findChromium())}.
${CLIENTS} concurrent clients (one member and token each) against \`wrangler dev\` with a local D1, for ${SECONDS} s: each pushes ${BATCH} creates, then pulls, in a loop; afterwards a fresh client pulls everything. The clients share 16 keep-alive connections. \`wrangler dev\` runs with a client attached to its inspector that discards what it reports (scripts/lib/wrangler.ts): without one, wrangler 4 keeps every inspector event and workerd runs out of heap after 30–40 s of this load. Rerun: \`npm run bench:load\`.

| measure | result | target |
| --- | --- | --- |
| requests | ${requests.toLocaleString()} in ${elapsed.toFixed(1)} s (**${(requests / elapsed).toFixed(0)} requests/s**, ${(stats.created.length / elapsed).toFixed(0)} mutations/s) | — |
| errors (HTTP, refused, or the connection dropped; every one retried) | **${stats.errors.length}**${kinds.size ? ` (${[...kinds].map(([k, n]) => `${n}× ${k.replace(/\|/g, '/')}`).join('; ')})` : ''} | 0 |
| mutations pushed / missing / duplicated / extra | ${stats.created.length.toLocaleString()} / **${missing} / ${duplicated} / ${extra}** | all 0 |
| push latency | p50 ${ms(percentile(stats.push, 50))}, **p95 ${ms(percentile(stats.push, 95))}** | — |
| pull latency | p50 ${ms(percentile(stats.pull, 50))}, **p95 ${ms(percentile(stats.pull, 95))}** | — |`,
    );
    log('written to bench/RESULTS.md');
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
