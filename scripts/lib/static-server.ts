import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

/** Serves a few fixed routes on 127.0.0.1 (demo pages, benchmark assets): files from disk and in-memory bodies. */
export async function serveStatic(
  routes: Record<string, { file?: string; body?: string; type: string }>,
  port: number,
  notFound = 'not found\n',
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
    if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(notFound);
    const body = route.body ?? (await readFile(route.file!));
    res.writeHead(200, { 'Content-Type': route.type, 'Access-Control-Allow-Origin': '*' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${port}`, server };
}
