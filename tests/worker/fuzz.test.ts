import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/index';
import { createTeam, invite, join } from './helpers';

const ROUTES: [string, string][] = [
  ['POST', '/v1/teams'],
  ['POST', '/v1/join'],
  ['GET', '/v1/me'],
  ['GET', '/v1/team/members'],
  ['POST', '/v1/team/invites'],
  ['POST', '/v1/team/members/x/role'],
  ['POST', '/v1/team/members/x/revoke'],
  ['POST', '/v1/team/token/rotate'],
  ['GET', '/v1/team/export'],
  ['POST', '/v1/team/delete'],
  ['POST', '/v1/sync/push'],
  ['POST', '/v1/sync/pull'],
  ['GET', '/v1/notes/x/history'],
  ['PUT', '/v1/sync/push'],
];

/** Strings that break naive code: control and zero-width characters, RTL overrides, lone surrogates, huge numbers. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u202e',
    '\u200b',
    '\ud800',
    '\u0000',
    '<img src=x onerror=alert(1)>',
    '__proto__',
    'constructor',
    '1e400',
    '-0',
    'NaN',
    '💥'.repeat(500),
  ),
  fc.string({ maxLength: 2000 }),
);
const deep = fc.nat({ max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
const jsonish = fc.oneof(
  fc.json({ maxDepth: 6 }),
  fc.jsonValue().map((v) =>
    JSON.stringify({
      clientId: v,
      cursor: v,
      mutations: [v],
      code: v,
      name: v,
      role: v,
      confirm: v,
      teamName: v,
      ownerName: v,
    }),
  ),
  hostile.map((s) =>
    JSON.stringify({
      clientId: s,
      mutations: [{ id: 1, name: 'record.create', hlc: s, args: { record: { type: 'contact', name: s, id: s } } }],
    }),
  ),
  deep,
  hostile,
);

async function snapshot(): Promise<string> {
  const parts = await Promise.all(
    ['teams', 'members', 'tokens', 'invites', 'clients', 'records', 'note_revisions'].map(async (t) => {
      const r = await env.DB.prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(${t === 'records' ? 'data' : '1'})), 0) AS s FROM ${t}`,
      ).first<{ n: number; s: number }>();
      return `${t}:${r?.n}:${r?.s}`;
    }),
  );
  return parts.join(' ');
}

describe('fuzzing the real worker in workerd', () => {
  it('answers malformed, oversized, wrong-typed, deeply nested and unicode-hostile requests with a 4xx envelope and changes nothing', async () => {
    const owner = await createTeam('Fuzz Team');
    const member = await join((await invite(owner.token)).code, 'Fuzz Member');
    const tokens = [undefined, owner.token, member.token, 'Bearer junk', `mgn_${'A'.repeat(43)}`];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...tokens),
        jsonish,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', ''),
        async ([method, path], token, body, contentType) => {
          const before = await snapshot();
          const headers: Record<string, string> = {};
          if (token) headers.Authorization = token.startsWith('Bearer') ? token : `Bearer ${token}`;
          if (contentType) headers['Content-Type'] = contentType;
          const response = await app.request(path, { method, headers, body: method === 'GET' ? undefined : body }, env);
          const text = await response.text();
          expect(response.status, `${method} ${path} ${text.slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(text), text.slice(0, 200)).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
            expect(await snapshot()).toBe(before);
          }
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('refuses a body over the limit with 413 and nothing stored', async () => {
    const owner = await createTeam('Big Body Team');
    const before = await snapshot();
    const big = JSON.stringify({
      clientId: 'x',
      mutations: [{ id: 1, name: 'record.create', hlc: 'x', args: { record: { body: 'x'.repeat(3 * 1024 * 1024) } } }],
    });
    const response = await app.request(
      '/v1/sync/push',
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' },
        body: big,
      },
      env,
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await snapshot()).toBe(before);
  });
});
