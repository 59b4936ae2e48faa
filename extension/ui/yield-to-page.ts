/**
 * Lets the page draw and handle input between slices of long work, and resumes at once after:
 * `scheduler.yield()` where the browser has it (Chrome 129+), else a message-channel task. A
 * `setTimeout(0)` would do too, but browsers clamp nested timeouts to 4 ms, and an import yields
 * a hundred times.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
