import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

const PAGES: Record<string, string> = {
  '/demo/inbox': 'inbox.html',
  '/demo/company': 'company.html',
};

/** Serves the demo inbox and company pages on 127.0.0.1 (the demo build's content script matches them). */
export async function serveDemoPages(port: number): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = PAGES[path];
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Margin demo pages: /demo/inbox and /demo/company\n');
      return;
    }
    const body = await readFile(fileURLToPath(new URL(`../demo/pages/${file}`, import.meta.url)));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${port}`, server };
}
