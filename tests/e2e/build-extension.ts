import type { TestProject } from 'vitest/node';
import { buildExtension } from '../../scripts/lib/build';

declare module 'vitest' {
  export interface ProvidedContext {
    extensionDir: string;
    productionDir: string;
  }
}

/** Builds the extension as `npm start` does (demo) and as the store gets it (production). */
export default function setup(project: TestProject) {
  for (const mode of ['demo', 'production'] as const) {
    const result = buildExtension(mode);
    if (!result.ok) throw new Error(`wxt build --mode ${mode} failed:\n${result.output}`);
    project.provide(mode === 'demo' ? 'extensionDir' : 'productionDir', result.dir);
  }
}
