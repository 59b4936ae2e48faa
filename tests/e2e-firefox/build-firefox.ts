import type { TestProject } from 'vitest/node';
import { FIREFOX_DIR, buildFirefox, findFirefox } from '../../scripts/lib/firefox';

declare module 'vitest' {
  export interface ProvidedContext {
    firefoxDir: string;
  }
}

/** The Firefox store build (`wxt build -b firefox`), and a Firefox new enough to run it, or a clear error. */
export default function setup(project: TestProject) {
  findFirefox();
  const result = buildFirefox();
  if (!result.ok) throw new Error(`wxt build -b firefox failed:\n${result.output}`);
  project.provide('firefoxDir', FIREFOX_DIR);
}
