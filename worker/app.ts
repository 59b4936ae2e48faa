import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody, ErrorCode } from '../shared/errors';
import type { AppEnv } from './env';
import { ApiError } from './errors';
import { auth } from './routes/auth';
import { notes } from './routes/notes';
import { sync, versionOf } from './routes/sync';
import { team } from './routes/team';
import { rateLimit } from './rate-limit';
import { withStores } from './stores';
import { JOIN_PAGE, JOIN_PAGE_HEADERS } from './join-page';
import { uncompressedOnLoopback } from './loopback-encoding';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

function errorJson(code: ErrorCode, message: string, details: Record<string, string | number> = {}): ErrorBody {
  return { error: { ...details, code, message } };
}

export function createApp() {
  const app = new Hono<AppEnv>();
  // First, so it also sees the answers of the middleware below (refusals, limits): a reader on this
  // machine gets every answer uncompressed.
  app.use('*', uncompressedOnLoopback);
  app.use(
    '/v1/*',
    cors({
      origin: (origin, c) => {
        if (/^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin)) return origin;
        const configured: string = (c.env as AppEnv['Bindings']).ALLOWED_ORIGINS ?? '';
        const extra = configured
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        return extra.includes(origin) ? origin : null;
      },
      allowHeaders: ['Authorization', 'Content-Type', 'X-Margin-Setup'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(errorJson('payload_too_large', `request body is over ${MAX_BODY_BYTES} bytes`), 413),
    }),
  );
  app.use('/v1/*', rateLimit);
  app.use('/v1/*', withStores);
  // No compression middleware: Cloudflare's edge compresses JSON answers itself, and workerd encodes
  // a body when a Content-Encoding header is set, so compressing here would encode it twice.
  app.get('/', (c) => c.json({ name: 'margin-sync', ok: true }));
  app.get('/join', (c) => c.body(JOIN_PAGE, 200, JOIN_PAGE_HEADERS));
  // Which protocol this server speaks and which record types it knows (no sign-in: nothing of a team's).
  app.get('/v1/version', (c) => c.json(versionOf(c.env)));
  app.route('/v1', auth);
  app.route('/v1/team', team);
  app.route('/v1/sync', sync);
  app.route('/v1/notes', notes);

  app.notFound((c) => c.json(errorJson('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.code === 'rate_limited') c.header('Retry-After', String(error.details.retryAfter ?? 60));
      return c.json(errorJson(error.code, error.message, error.details), error.status);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const code: ErrorCode = status === 400 ? 'invalid_json' : status === 413 ? 'payload_too_large' : 'bad_request';
      const message = status === 400 ? `request body is not valid JSON (${error.message})` : error.message;
      return c.json(errorJson(code, message), status);
    }
    console.error('unhandled error', error);
    return c.json(errorJson('internal', 'internal error'), 500);
  });
  return app;
}
