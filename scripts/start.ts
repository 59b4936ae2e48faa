/**
 * `npm start`: the whole product on this machine. Builds the extension, applies the local D1
 * migrations, starts the sync server on 127.0.0.1:8787, creates a demo workspace on first run
 * (kept in .margin/ and reused after), serves two demo pages and prints how to sign in.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ServerError, createTeam, fetchMe, teamApi } from '../extension/background/api-client';
import { demoRecords } from './demo/data';
import { inviteLink } from '../shared/invite-link';
import { serveDemoPages } from './lib/demo-pages';
import { pushRecords } from './lib/seed';
import { buildExtension, extensionDir } from './lib/build';
import { ROOT, applyLocalMigrations, startWrangler } from './lib/wrangler';

const SERVER_PORT = Number(process.env.MARGIN_PORT ?? 8787);
const DEMO_PORT = Number(process.env.MARGIN_DEMO_PORT ?? 8788);
const STATE_DIR = join(ROOT, '.margin');
const STATE_FILE = join(STATE_DIR, 'demo.json');
const EXTENSION_DIR = extensionDir('demo');

const demoState = z.object({ teamId: z.string(), ownerToken: z.string() });
type DemoState = z.infer<typeof demoState>;

function step(message: string) {
  console.log(`· ${message}`);
}

async function ensureDemoWorkspace(serverUrl: string): Promise<DemoState> {
  if (existsSync(STATE_FILE)) {
    const saved = demoState.parse(JSON.parse(readFileSync(STATE_FILE, 'utf8')));
    // A token the server no longer knows (the local database was reset) is refused: make a new workspace.
    const me = await fetchMe(serverUrl, saved.ownerToken).catch((error: unknown) => {
      if (error instanceof ServerError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    });
    if (me) {
      step(`Reusing the demo workspace "${me.team.name}" (data in .margin/)`);
      return saved;
    }
    step('The saved demo workspace is gone from the local database; creating a new one');
  }
  const created = await createTeam(serverUrl, { teamName: 'Margin Demo', ownerName: 'Demo Owner' });
  const records = demoRecords(created.member.id);
  await pushRecords(serverUrl, created.token, records);
  const state = { teamId: created.team.id, ownerToken: created.token };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  step(`Created the demo workspace "Margin Demo" with ${records.length} records`);
  return state;
}

async function main() {
  mkdirSync(STATE_DIR, { recursive: true });
  step('Building the extension (demo build)…');
  const build = buildExtension('demo');
  if (!build.ok) throw new Error(`the extension build failed:\n${build.output}`);

  step('Applying database migrations to the local D1…');
  const persistTo = join(STATE_DIR, 'd1');
  await applyLocalMigrations(persistTo);

  step(`Starting the sync server on 127.0.0.1:${SERVER_PORT}…`);
  const server = await startWrangler({ port: SERVER_PORT, persistTo }).catch((error: Error) => {
    throw new Error(`${error.message}\nIs another "npm start" already running? Set MARGIN_PORT to use another port.`);
  });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const state = await ensureDemoWorkspace(server.url);
  const invite = await teamApi(server.url, state.ownerToken).invite('member', 72);
  const pages = await serveDemoPages(DEMO_PORT);

  console.log(`
Margin is running.

  Extension folder   ${EXTENSION_DIR}
  Sync server        ${server.url}
  Sign-in code       ${invite.code}   (single use, valid 72 h; each npm start prints a new one)
  or invite link     ${inviteLink(server.url, invite.code)}
  Demo inbox         ${pages.url}/demo/inbox      (Gmail markup, a known customer)
  Demo Outlook       ${pages.url}/demo/outlook    (Outlook markup, a new person at a customer)
  Demo company page  ${pages.url}/demo/company

Load it in Chrome or Chromium:
  1. Open chrome://extensions and turn on "Developer mode".
  2. Click "Load unpacked" and choose the extension folder above.
  3. Click the Margin toolbar icon, then "Open side panel", then "Open sign-in":
     server ${server.url}, the sign-in code above, and your name.
  4. Open the demo inbox: the chip beside the sender shows who she is to the team; click it
     for the email's context in the side panel, and "Log this email".
  5. Open the demo Outlook message: "unknown — add" captures the sender from her signature.
  6. Open the demo company page: Margin recognises the account (a marker, the tier on the
     toolbar button); the side panel's "This page" tab has its history and captures from the page.

Press Ctrl+C to stop. Data stays in .margin/ for next time.
`);
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
