import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'undici';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url));

/** Keeps wrangler from reaching out to the internet (architecture §7). */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_LOG: 'warn',
  NO_UPDATE_NOTIFIER: '1',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Applies worker/migrations to the local D1 kept in `persistTo`. */
export async function applyLocalMigrations(persistTo: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [WRANGLER, 'd1', 'migrations', 'apply', 'margin', '--local', '--persist-to', persistTo],
    {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV, CI: 'true' },
    },
  );
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface WranglerOptions {
  /** Omitted: a free port is chosen, and another one if workerd loses it to a race (see below). */
  port?: number;
  persistTo: string;
  inspectorPort?: number;
  /** Extra `wrangler dev` arguments, e.g. `--test-scheduled` or `--var NAME:VALUE`. */
  extraArgs?: string[];
  log?: (line: string) => void;
}

/**
 * Starts the real worker under `wrangler dev` with a local D1, and waits until it answers.
 *
 * A free port is only free until someone binds it: two servers starting side by side (the ext and
 * e2e projects' setups) can see one's workerd take, for an internal socket, the port just chosen
 * for the other ("Address already in use" from workerd). Chosen ports are therefore retried with
 * new ones; a port the caller fixed is not.
 */
export async function startWrangler(options: WranglerOptions): Promise<RunningServer> {
  const choosePorts = options.port === undefined || options.inspectorPort === undefined;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startWranglerOn({ ...options, port });
    } catch (error) {
      const lostPort = error instanceof Error && /address already in use/i.test(error.message);
      if (!choosePorts || !lostPort || attempt >= 4) throw error;
      options.log?.(`a port was taken while wrangler dev started; retrying (${attempt})\n`);
    }
  }
}

async function startWranglerOn(options: WranglerOptions & { port: number }): Promise<RunningServer> {
  let inspectorPort = options.inspectorPort ?? (await freePort());
  while (inspectorPort === options.port) inspectorPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--persist-to',
      options.persistTo,
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-20_000);
    options.log?.(chunk.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wrangler dev did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stopDraining = await drainInspector(inspectorPort).catch((error: unknown) => {
    options.log?.(`could not attach the inspector drain: ${String(error)}\n`);
    return () => undefined;
  });
  child.once('exit', stopDraining);
  return {
    url,
    port: options.port,
    process: child,
    async stop() {
      stopDraining();
      // A process killed by a signal has signalCode set and exitCode null.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timeout = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/**
 * `wrangler dev` (4.x) keeps every inspector event of the worker (Network events for each D1 call
 * among them) in a buffer until a DevTools client reads it. With nobody attached, steady traffic
 * grows workerd's heap until it aborts and `wrangler dev` exits with code 0 (found in the load test:
 * 50 clients for 60 s; wrangler's own log says "JavaScript heap out of memory"). A client that
 * reads and discards those events keeps memory flat; it changes nothing else.
 */
async function drainInspector(port: number): Promise<() => void> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('wrangler dev lists no inspector target');
  const socket = new WebSocket(url, { headers: { Origin: 'http://localhost' } });
  socket.addEventListener('message', () => undefined);
  socket.addEventListener('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
  });
  return () => {
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
  };
}
