/**
 * One more run of a measured step under the browser's eyes, on request:
 * - `BENCH_PROFILE=file.cpuprofile`: a CPU profile (MARGIN_NO_MINIFY=1 keeps names;
 *   `npx tsx bench/lib/profile-summary.ts file.cpuprofile` says where its time went);
 * - `BENCH_TRACE=file.json`: a Chrome trace (open it in chrome://tracing or Perfetto).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export async function captureOnRequest(page: Page, run: () => Promise<unknown>): Promise<void> {
  if (process.env.BENCH_PROFILE) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await run();
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    await cdp.detach();
  }
  if (process.env.BENCH_TRACE) {
    const cdp = await page.context().newCDPSession(page);
    const events: unknown[] = [];
    cdp.on('Tracing.dataCollected', (data) => events.push(...data.value));
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,v8,blink,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    await run();
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(process.env.BENCH_TRACE, JSON.stringify({ traceEvents: events }));
    await cdp.detach();
  }
}
