import { describe, expect, it } from 'vitest';
import { call, createTeam } from './helpers';

describe('compression of answers', () => {
  it('answers a reader on this machine uncompressed, whatever it accepts', async () => {
    const owner = await createTeam();
    for (const origin of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      const pull = await call('POST', `${origin}/v1/sync/pull`, {
        token: owner.token,
        body: { clientId: crypto.randomUUID(), cursor: 0 },
        headers: { 'Accept-Encoding': 'gzip, br' },
      });
      expect(pull.status).toBe(200);
      expect(pull.headers.get('Content-Encoding')).toBe('identity');
    }
    // Refusals from the middleware (no token) are answered the same way.
    const refused = await call('POST', 'http://127.0.0.1:8787/v1/sync/pull', {
      body: { clientId: crypto.randomUUID(), cursor: 0 },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Content-Encoding')).toBe('identity');
  });

  it('leaves the encoding to the edge for any other host', async () => {
    const owner = await createTeam();
    for (const origin of [
      'https://sync.example.com',
      'https://127.0.0.1.example.com',
      'https://localhost.example.net',
    ]) {
      const pull = await call('POST', `${origin}/v1/sync/pull`, {
        token: owner.token,
        body: { clientId: crypto.randomUUID(), cursor: 0 },
        headers: { 'Accept-Encoding': 'gzip, br' },
      });
      expect(pull.status).toBe(200);
      expect(pull.headers.get('Content-Encoding')).toBeNull();
    }
  });
});
