import { launchProfile } from '../scripts/lib/chromium';
import { join } from 'node:path';
async function main() {
  const profile = await launchProfile(process.env.EXT ?? join(process.cwd(), '.output/chrome-mv3'));
  try {
    for (const name of process.argv.slice(2)) {
      const dcl: number[] = [];
      for (let k = 0; k < 14; k++) {
        const page = await profile.context.newPage();
        await page.goto(`chrome-extension://${profile.extensionId}/${name}.html`);
        await page.waitForTimeout(300);
        const v = await page.evaluate<number>(`performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd`);
        if (k >= 2) dcl.push(v);
        await page.close();
      }
      dcl.sort((a, b) => a - b);
      console.log(
        name,
        'median',
        dcl[6]!.toFixed(1),
        'min',
        dcl[0]!.toFixed(1),
        'max',
        dcl[dcl.length - 1]!.toFixed(1),
      );
    }
  } finally {
    await profile.close();
  }
}
main();
