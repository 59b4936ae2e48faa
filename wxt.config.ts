import { defineConfig } from 'wxt';

import { ALL_SITES, WEBMAIL_MATCHES } from './extension/lib/site-access';
import { manifestCommands } from './extension/lib/commands';
import { noInnerHtml } from './scripts/lib/no-inner-html';
import { manifestLocaleFiles, manifestMessage } from './scripts/lib/manifest-locales';

/** The demo pages `npm start` serves; only non-production builds may match them. */
const DEMO_MATCHES = ['http://127.0.0.1/*'];

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-react'],
  // One manifest version everywhere: Firefox's MV3 has the same action, scripting, optional host
  // permissions and session storage the code uses; the side panel is its sidebar (sidebar_action).
  manifestVersion: 3,
  // MARGIN_NO_MINIFY=1 keeps function names readable in CPU profiles (bench/import.ts BENCH_PROFILE).
  vite: () => ({
    plugins: [noInnerHtml()],
    build: {
      ...(process.env.MARGIN_NO_MINIFY ? { minify: false } : {}),
      // MARGIN_SOURCEMAP=1: source maps, to see what each chunk is made of.
      ...(process.env.MARGIN_SOURCEMAP ? { sourcemap: true } : {}),
      rollupOptions: { output: { experimentalMinChunkSize: 20_000 } },
    },
  }),
  manifest: ({ mode, browser }) => ({
    name: 'Margin',
    description: manifestMessage('extDescription'),
    default_locale: 'en',
    permissions: [
      'storage',
      'alarms',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
      'tabs',
      'scripting',
      'activeTab',
      'contextMenus',
    ],
    // Webmail only; every other site is the rep's to grant (per site or all) and revoke (architecture §5).
    host_permissions: mode === 'production' ? [...WEBMAIL_MATCHES] : [...WEBMAIL_MATCHES, ...DEMO_MATCHES],
    optional_host_permissions: [...ALL_SITES],
    commands: manifestCommands(),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'margin@margin.example',
              strict_min_version: '142.0',
              // Margin sends only what the rep writes, to their own team's server (architecture §5).
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
    // No remote code, no inline script, no plugins; the dev server adds its own allowances in `wxt dev`.
    ...(mode === 'development'
      ? {}
      : {
          content_security_policy: {
            extension_pages:
              "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          },
        }),
  }),
  hooks: {
    // The manifest's description, button title and shortcut names in every UI language (from the same catalogs).
    'build:publicAssets': (_wxt, files) => {
      files.push(...manifestLocaleFiles());
    },
    'build:manifestGenerated': (wxt, manifest) => {
      // WXT takes the button's title from the popup's <title>; the browser's language is nicer.
      if (manifest.action) manifest.action.default_title = manifestMessage('actionTitle');
      if (wxt.config.mode === 'production') return;
      for (const script of manifest.content_scripts ?? [])
        script.matches = [...(script.matches ?? []), ...DEMO_MATCHES];
    },
  },
});
