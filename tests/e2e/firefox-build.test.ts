import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_DIR, buildFirefox, lintFirefoxBuild } from '../../scripts/lib/firefox';

describe('the Firefox build', () => {
  it('builds with a sidebar, without Chrome-only permissions, and passes web-ext lint with nothing to report', () => {
    const build = buildFirefox();
    expect(build.ok, build.output).toBe(true);
    const manifest = JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      sidebar_action: unknown;
      permissions: string[];
      optional_host_permissions: string[];
      browser_specific_settings: { gecko: { id: string } };
      commands: Record<string, unknown>;
      content_security_policy: { extension_pages: string };
    };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
    expect(manifest.permissions).not.toContain('sidePanel');
    expect(manifest.optional_host_permissions).toEqual(['*://*/*']);
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(Object.keys(manifest.commands)).toEqual([
      'open-panel',
      'search',
      'add-note',
      'capture-sender',
      'open-portfolio',
    ]);
    expect(manifest.content_security_policy.extension_pages).toContain("script-src 'self'");
    const lint = lintFirefoxBuild();
    expect(lint.messages).toEqual([]);
    expect(lint.summary).toEqual({ errors: 0, warnings: 0, notices: 0 });
  }, 120_000);
});
