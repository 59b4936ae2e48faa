import { z } from 'zod';

/** The placeholder database id wrangler.toml ships with (local D1 does not need a real one). */
export const PLACEHOLDER_DATABASE_ID = '00000000-0000-0000-0000-000000000000';

const d1List = z.array(z.object({ uuid: z.string(), name: z.string() }).loose());

/** The id of the D1 database called `name` in `wrangler d1 list --json` output, or null. */
export function databaseIdFrom(listJson: string, name: string): string | null {
  const start = listJson.indexOf('[');
  if (start < 0) throw new Error(`wrangler d1 list printed no JSON:\n${listJson}`);
  const list = d1List.parse(JSON.parse(listJson.slice(start)));
  return list.find((db) => db.name === name)?.uuid ?? null;
}

/**
 * wrangler.toml with the deployment's database id in place of the placeholder; everything else
 * (routes, cron, migrations) as in the repository, so local and deployed servers run one config.
 */
export function deployConfig(wranglerToml: string, databaseId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(databaseId)) throw new Error(`"${databaseId}" is not a D1 database id`);
  const line = /^database_id\s*=\s*"[^"]*"/m;
  if (!line.test(wranglerToml)) throw new Error('wrangler.toml has no database_id line to fill in');
  return wranglerToml.replace(line, `database_id = "${databaseId}"`);
}

/** The worker's address from `wrangler deploy` output (https://<name>.<subdomain>.workers.dev or a route). */
export function deployedUrlFrom(output: string): string | null {
  return output.match(/https:\/\/[a-z0-9.-]+\.workers\.dev\b/i)?.[0] ?? null;
}
