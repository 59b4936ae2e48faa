/**
 * `npm run bench:quick`: every browser benchmark on small data (BENCH_QUICK=1), a few minutes in
 * all, then one line per figure past its budget. A check to run before stopping: the small data
 * makes the figures kinder than the real runs, so a figure past its budget here is surely past it
 * there. Writes nothing to bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/wrangler';

const BENCHES = ['overlay', 'overlay-firefox', 'search', 'deals', 'portfolio'];
const only = process.argv.slice(2);
const over: string[] = [];
const checked: string[] = [];
for (const bench of only.length ? only : BENCHES) {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench', `${bench}.ts`)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BENCH_QUICK: '1' },
    },
  );
  const lines = `${run.stdout}`.split('\n').filter((l) => l.startsWith('[budget]'));
  console.log(`${bench}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (run.status !== 0 || !lines.length) {
    over.push(`[budget] ${bench}: the benchmark failed\n${run.stderr.slice(-2_000)}`);
    continue;
  }
  for (const line of lines) (line.endsWith('OVER BUDGET') ? over : checked).push(line);
}
for (const line of checked) console.log(line);
for (const line of over) console.log(line);
console.log(over.length ? `${over.length} past budget (quick data)` : 'every figure within budget (quick data)');
process.exitCode = over.length ? 1 : 0;
