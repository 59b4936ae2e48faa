import { env } from 'cloudflare:test';
import { app } from '../../worker/index';
import type { InviteResponse, SessionResponse } from '../../shared/api';
import { formatHlc } from '../../shared/hlc';
import { newRecordId } from '../../shared/ids';
import type { AnyRecord } from '../../shared/records';
import type { MutationEnvelope, PullResponse, PulledRow, PushResponse } from '../../shared/protocol';

/** Calls the real app (running in workerd) with the real local D1 binding. */
export async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await app.request(path, { method, headers, body }, env);
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read replies field by field and assert them; a reply's schema is what they check
  return { status: response.status, json: json as any, headers: response.headers };
}

export async function createTeam(name = 'Acme Sales', ownerName = 'Olivia Owner'): Promise<SessionResponse> {
  const r = await call('POST', '/v1/teams', { body: { teamName: name, ownerName } });
  if (r.status !== 201) throw new Error(`createTeam: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as SessionResponse;
}

export async function invite(token: string, role: 'member' | 'admin' = 'member'): Promise<InviteResponse> {
  const r = await call('POST', '/v1/team/invites', { token, body: { role } });
  if (r.status !== 201) throw new Error(`invite: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as InviteResponse;
}

export async function join(code: string, name = 'Max Member'): Promise<SessionResponse> {
  const r = await call('POST', '/v1/join', { body: { code, name } });
  if (r.status !== 201) throw new Error(`join: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as SessionResponse;
}

/** A client as the extension would be: its own id, mutation counter and HLC. */
export function testClient(session: SessionResponse) {
  const clientId = crypto.randomUUID();
  let nextId = 1;
  let ms = 1_700_000_000_000;
  let cursor = 0;
  const hlc = () => formatHlc({ ms: ms++, counter: 0 }, clientId);
  return {
    clientId,
    session,
    mutation(name: MutationEnvelope['name'], args: Record<string, unknown>): MutationEnvelope {
      return { id: nextId++, name, hlc: hlc(), args };
    },
    create(record: AnyRecord) {
      return this.mutation('record.create', { record });
    },
    async push(mutations: MutationEnvelope[]) {
      return call('POST', '/v1/sync/push', { token: session.token, body: { clientId, mutations } }) as Promise<{
        status: number;
        json: PushResponse;
      }>;
    },
    /** Every row after the cursor, as the server sent it (typed as readable rows; tests of unknown types read them as such). */
    async pullAll(): Promise<PulledRow[]> {
      const rows: PulledRow[] = [];
      for (;;) {
        const r = await call('POST', '/v1/sync/pull', { token: session.token, body: { clientId, cursor, limit: 100 } });
        if (r.status !== 200) throw new Error(`pull: ${r.status} ${JSON.stringify(r.json)}`);
        const page = r.json as PullResponse;
        rows.push(...(page.rows as PulledRow[]));
        cursor = page.cursor;
        if (!page.hasMore) return rows;
      }
    },
  };
}

const NOW = 1_700_000_000_000;

export function contact(session: SessionResponse, fields: Partial<AnyRecord> = {}): AnyRecord {
  return {
    id: newRecordId(),
    type: 'contact',
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: session.member.id,
    deleted: false,
    name: 'Wang Xiaoming',
    emails: ['xm@example.cn'],
    phones: [],
    title: '',
    accountId: null,
    importantDates: [],
    tags: [],
    source: 'manual',
    ...fields,
  } as AnyRecord;
}

export function note(session: SessionResponse, subjectId: string, fields: Record<string, unknown> = {}): AnyRecord {
  return {
    id: newRecordId(),
    type: 'note',
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: session.member.id,
    deleted: false,
    subjectId,
    body: 'Met at the trade fair.',
    visibility: 'team',
    sourceUrl: null,
    emailRef: null,
    ...fields,
  } as AnyRecord;
}

export async function rowCount(): Promise<number> {
  const r = await env.DB.prepare('SELECT COUNT(*) AS n FROM records').first<{ n: number }>();
  return r!.n;
}

/** An owner and a member of one team, each with a client of their own. */
export async function ownerAndMember() {
  const owner = await createTeam();
  const member = await join((await invite(owner.token)).code);
  return { owner, member, a: testClient(owner), b: testClient(member) };
}

/** An owner, a member of the same team, and a contact with a private note of the owner's, pushed. */
export async function teamWithPrivateNote(body: string) {
  const owner = await createTeam();
  const member = await join((await invite(owner.token)).code);
  const a = testClient(owner);
  const subject = contact(owner);
  const secret = note(owner, subject.id, { body, visibility: 'private' });
  await a.push([a.create(subject), a.create(secret)]);
  return { owner, member, a, secret };
}
