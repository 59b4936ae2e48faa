/**
 * `npm run package`: the store uploads. Builds and zips the Chrome build and the Firefox build (with
 * the sources zip Mozilla's review asks for), after `web-ext lint` passes on the Firefox build
 * with no errors and no warnings.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/wrangler';
import { lintFirefoxBuild } from './lib/firefox';

function run(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['zip']);
run(['zip', '-b', 'firefox']);
const lint = lintFirefoxBuild();
if (!lint.ok) {
  console.error(`web-ext lint found problems in the Firefox build:\n${lint.messages.join('\n')}`);
  process.exit(1);
}
console.log('\nweb-ext lint: 0 errors, 0 warnings, 0 notices');
const zips = readdirSync(join(ROOT, '.output')).filter((f) => f.endsWith('.zip'));
console.log('\nReady for the stores:');
for (const zip of zips)
  console.log(`  .output/${zip}  (${(statSync(join(ROOT, '.output', zip)).size / 1024).toFixed(0)} KB)`);
