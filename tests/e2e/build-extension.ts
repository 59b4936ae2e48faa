import type { TestProject } from 'vitest/node';
import { buildExtension } from '../../scripts/lib/build';

declare module 'vitest' {
  export interface ProvidedContext {
    extensionDir: string;
    productionDir: string;
  }
}

/** Builds done in this run (per process: each project loads this file anew): the Chromium and Firefox e2e projects both need them, built once. */
const shared = globalThis as { marginBuilds?: Map<string, string> };
shared.marginBuilds ??= new Map<string, string>();
const built = shared.marginBuilds;

/** Builds the extension as `npm start` does (demo) and as the store gets it (production). */
export default function setup(project: TestProject) {
  for (const mode of ['demo', 'production'] as const) {
    let dir = built.get(mode);
    if (!dir) {
      const result = buildExtension(mode);
      if (!result.ok) throw new Error(`wxt build --mode ${mode} failed:\n${result.output}`);
      dir = result.dir;
      built.set(mode, dir);
    }
    project.provide(mode === 'demo' ? 'extensionDir' : 'productionDir', dir);
  }
}
