import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** README screenshots are written to docs/screenshots by `npm run screenshots`; otherwise to test-results. */
const README_DIR = process.env.MARGIN_README_SCREENSHOTS
  ? join(__dirname, '../../docs/screenshots')
  : join('test-results', 'readme');

/**
 * A README picture of the real extension: the web page (at a desktop width) and Margin's side
 * panel beside it, as a rep sees them, composed side by side in the same browser.
 */
export async function readmeScreenshot(
  context: BrowserContext,
  name: string,
  web: Page,
  panel: Page,
  options: { height?: number } = {},
): Promise<string> {
  const height = options.height ?? 640;
  const size = web.viewportSize();
  await web.setViewportSize({ width: 860, height });
  const left = await web.screenshot();
  if (size) await web.setViewportSize(size);
  const right = await panel.screenshot({ clip: { x: 0, y: 0, width: 420, height } });
  const frame = await context.newPage();
  try {
    await frame.setViewportSize({ width: 860 + 1 + 420, height });
    await frame.setContent(
      `<body style="margin:0;display:flex;background:#d1d5db;gap:1px"><img src="data:image/png;base64,${left.toString('base64')}"><img src="data:image/png;base64,${right.toString('base64')}"></body>`,
    );
    await frame.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    mkdirSync(README_DIR, { recursive: true });
    const path = join(README_DIR, `${name}.png`);
    await frame.screenshot({ path });
    return path;
  } finally {
    await frame.close();
  }
}
