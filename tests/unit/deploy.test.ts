import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PLACEHOLDER_DATABASE_ID,
  databaseIdFrom,
  deployConfig,
  deployedUrlFrom,
} from '../../scripts/lib/deploy-config';
import { ROOT } from '../../scripts/lib/wrangler';
import { normalizeServerUrl } from '../../extension/background/api-client';

const TOML = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
const ID = '4f6a1c2e-9b1d-4a57-8e0b-1f2d3c4b5a69';

describe('npm run deploy', () => {
  it('finds the database in wrangler’s list, and fills its id into the config, nothing else changed', () => {
    const list = `[{"uuid":"${ID}","name":"margin","created_at":"2026-11-23"},{"uuid":"x","name":"other"}]`;
    expect(databaseIdFrom(`some banner\n${list}`, 'margin')).toBe(ID);
    expect(databaseIdFrom('[]', 'margin')).toBeNull();
    expect(() => databaseIdFrom('not json', 'margin')).toThrow(/no JSON/);
    expect(TOML).toContain(PLACEHOLDER_DATABASE_ID);
    const config = deployConfig(TOML, ID);
    expect(config).toContain(`database_id = "${ID}"`);
    expect(config.replace(ID, PLACEHOLDER_DATABASE_ID)).toBe(TOML);
    expect(() => deployConfig(TOML, 'nope"; rm -rf')).toThrow(/not a D1 database id/);
  });

  it('reads the deployed address from wrangler’s output, and the extension accepts it', () => {
    const output =
      'Uploaded margin-sync (3.1 sec)\nDeployed margin-sync triggers (0.4 sec)\n  https://margin-sync.acme-sales.workers.dev\n  schedule: 17 3 * * *';
    const url = deployedUrlFrom(output);
    expect(url).toBe('https://margin-sync.acme-sales.workers.dev');
    expect(normalizeServerUrl(`${url}/`)).toBe(url);
    expect(deployedUrlFrom('nothing here')).toBeNull();
    expect(() => normalizeServerUrl('http://margin-sync.acme-sales.workers.dev')).toThrow(/https/);
  });

  it('bundles the worker as a deployment would with --dry-run, without an account', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/deploy.ts', '--dry-run'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLOUDFLARE_API_TOKEN: '' } },
    );
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('env.DB (margin)');
    const written = readFileSync(join(ROOT, '.margin', 'wrangler.deploy.toml'), 'utf8');
    expect(written).toContain('main = "../worker/index.ts"');
    expect(written).toContain('migrations_dir = "../worker/migrations"');
  }, 60_000);
});
