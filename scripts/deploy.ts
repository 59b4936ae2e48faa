/**
 * `npm run deploy`: from a configured Cloudflare account to a running sync server.
 *
 *   1. checks wrangler is signed in (`wrangler login`, or CLOUDFLARE_API_TOKEN [+ CLOUDFLARE_ACCOUNT_ID]);
 *   2. finds the D1 database `margin`, or creates it;
 *   3. writes .margin/wrangler.deploy.toml: wrangler.toml with that database's id;
 *   4. applies worker/migrations to it (remote);
 *   5. sets TEAM_CREATION_SECRET when MARGIN_TEAM_CREATION_SECRET is given;
 *   6. deploys the worker and checks that it answers;
 *   7. with `--team "Acme Sales" --owner "Your Name"`: creates the team, prints the owner's token
 *      (once; for the API: deleting the team, say) and an admin invite link to sign in to the
 *      extension with (Options → invite links for everyone else).
 *
 * `npm run deploy -- --dry-run` does steps 3 and 6 without an account: it bundles the worker
 * exactly as a deployment would (`wrangler deploy --dry-run`) and uploads nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inviteLink } from '../shared/invite-link';
import { createTeam, fetchVersion, teamApi } from '../extension/background/api-client';
import { ROOT } from './lib/wrangler';
import { PLACEHOLDER_DATABASE_ID, databaseIdFrom, deployConfig, deployedUrlFrom } from './lib/deploy-config';

const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const CONFIG = join(ROOT, '.margin', 'wrangler.deploy.toml');
const DATABASE = 'margin';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    team: { type: 'string' },
    owner: { type: 'string' },
  },
});

function step(message: string) {
  console.log(`\n· ${message}`);
}

function wrangler(args: string[], options: { input?: string; quiet?: boolean } = {}): string {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    stdio: [options.input === undefined ? 'inherit' : 'pipe', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!options.quiet) process.stdout.write(output);
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(output);
    throw new Error(`wrangler ${args.join(' ')} failed (exit ${result.status})`);
  }
  return output;
}

async function main() {
  const dryRun = values['dry-run'];
  if ((values.team === undefined) !== (values.owner === undefined))
    throw new Error('give both --team "Team name" and --owner "Your name", or neither');

  let databaseId = PLACEHOLDER_DATABASE_ID;
  if (!dryRun) {
    step('Checking the Cloudflare account');
    const who = wrangler(['whoami'], { quiet: true });
    if (/not authenticated/i.test(who)) {
      throw new Error(
        'wrangler is not signed in. Run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN (a token with Workers Scripts:Edit and D1:Edit) and, if the token reaches several accounts, CLOUDFLARE_ACCOUNT_ID.',
      );
    }
    console.log(who.split('\n').find((l) => /account|email/i.test(l)) ?? 'signed in');

    step(`Finding the D1 database "${DATABASE}"`);
    let found = databaseIdFrom(wrangler(['d1', 'list', '--json'], { quiet: true }), DATABASE);
    if (!found) {
      step(`Creating the D1 database "${DATABASE}"`);
      wrangler(['d1', 'create', DATABASE]);
      found = databaseIdFrom(wrangler(['d1', 'list', '--json'], { quiet: true }), DATABASE);
      if (!found) throw new Error(`wrangler d1 create ${DATABASE} succeeded, but the database is not listed`);
    }
    databaseId = found;
    console.log(`database id ${databaseId}`);
  }

  step('Writing .margin/wrangler.deploy.toml (wrangler.toml with the database id)');
  mkdirSync(join(ROOT, '.margin'), { recursive: true });
  // Paths in the config (main, migrations_dir) are relative to its own folder.
  const config = deployConfig(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'), databaseId)
    .replace(/^main\s*=\s*"([^"]+)"/m, (_m, path: string) => `main = "../${path}"`)
    .replace(/^migrations_dir\s*=\s*"([^"]+)"/m, (_m, path: string) => `migrations_dir = "../${path}"`);
  writeFileSync(CONFIG, config);

  if (dryRun) {
    step('Bundling the worker as a deployment would (wrangler deploy --dry-run; nothing is uploaded)');
    wrangler(['deploy', '--config', CONFIG, '--dry-run', '--outdir', join(ROOT, '.margin', 'deploy-dry-run')]);
    console.log('\nDry run done. With a Cloudflare account: npm run deploy');
    return;
  }

  step('Applying the database migrations (remote)');
  wrangler(['d1', 'migrations', 'apply', DATABASE, '--remote', '--config', CONFIG]);

  const secret = process.env.MARGIN_TEAM_CREATION_SECRET;
  if (secret) {
    step('Setting TEAM_CREATION_SECRET');
    wrangler(['secret', 'put', 'TEAM_CREATION_SECRET', '--config', CONFIG], { input: secret });
  }

  step('Deploying the worker');
  const url = deployedUrlFrom(wrangler(['deploy', '--config', CONFIG]));
  if (!url) throw new Error('wrangler deploy did not print a workers.dev address; find it in the Cloudflare dashboard');

  step(`Checking ${url}`);
  let answer: unknown = null;
  for (let attempt = 0; attempt < 10 && !answer; attempt++) {
    answer = await fetchVersion(url).catch(() => null);
    if (!answer) await new Promise((r) => setTimeout(r, 2_000));
  }
  if (!answer) throw new Error(`${url} does not answer yet; try it in a minute`);
  console.log(`${url} answers ${JSON.stringify(answer)}`);

  if (values.team && values.owner) {
    step(`Creating the team "${values.team}"`);
    const team = await createTeam(url, { teamName: values.team, ownerName: values.owner }, secret || undefined).catch(
      (error: unknown) => {
        throw new Error(`could not create the team: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    const { code } = await teamApi(url, team.token).invite('admin', 72);
    console.log(
      `\nOwner token (shown once; keep it safe: it acts as ${values.owner}, the team's owner, on the API): ${team.token}`,
    );
    if (code)
      console.log(
        `Your invite link (admin, single use, 72 h): paste it in Margin's options to sign in: ${inviteLink(url, code)}`,
      );
    console.log('Invite teammates from Options → Team once signed in.');
  }

  console.log(`\nDone. In Margin's options, sign in with the server address ${url}.`);
}

main().catch((error: unknown) => {
  console.error(`\n✘ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
