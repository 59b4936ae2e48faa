import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server';

const page = (name: string) => ({
  file: fileURLToPath(new URL(`../demo/pages/${name}`, import.meta.url)),
  type: 'text/html; charset=utf-8',
});

/** Serves the demo inbox (Gmail markup), Outlook message and company pages on 127.0.0.1 (the demo build's content script matches them). */
export function serveDemoPages(port: number): Promise<{ url: string; server: Server }> {
  return serveStatic(
    { '/demo/inbox': page('inbox.html'), '/demo/outlook': page('outlook.html'), '/demo/company': page('company.html') },
    port,
    'Margin demo pages: /demo/inbox, /demo/outlook and /demo/company\n',
  );
}
