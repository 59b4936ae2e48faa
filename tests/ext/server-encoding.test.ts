import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { newRecordId } from '../../shared/ids';
import { pullResponse, toEnvelope } from '../../shared/protocol';
import { syncApi } from '../../extension/background/api-client';
import { createTeam } from '../support/team';

const serverUrl = inject('serverUrl');

/** A raw HTTP request to the real `wrangler dev`, with the Host header a reader would send. */
function pull(host: string, token: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  const { port } = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(port),
        path: '/v1/sync/pull',
        method: 'POST',
        headers: {
          Host: host,
          'Accept-Encoding': 'gzip',
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ clientId: crypto.randomUUID(), cursor: 0 }));
  });
}

describe('pull pages over loopback (real wrangler dev)', () => {
  it('are sent uncompressed to this machine and gzipped, as the edge would, to any other host', async () => {
    const owner = await createTeam(serverUrl, 'Encoding Team');
    const clientId = crypto.randomUUID();
    const record = buildRecord(
      'note',
      { subjectId: newRecordId(), body: 'Met the buyer. '.repeat(200) },
      { memberId: owner.member.id, now: Date.now() },
    );
    await syncApi(serverUrl, owner.token).push({
      clientId,
      mutations: [
        toEnvelope({ id: 1, name: 'record.create', hlc: formatHlc({ ms: Date.now(), counter: 0 }, clientId), record }),
      ],
    });
    const local = await pull(new URL(serverUrl).host, owner.token);
    expect(local.encoding).toBe('identity');
    const plain = pullResponse.parse(JSON.parse(local.body.toString('utf8')));
    expect(plain.rows).toHaveLength(1);
    expect(plain.rows[0]!.record).toMatchObject({ id: record.id, body: 'Met the buyer. '.repeat(200) });

    // wrangler's emulation of Cloudflare's edge compresses for a reader elsewhere: the same page, gzipped.
    const remote = await pull('sync.example.com', owner.token);
    expect(remote.encoding).toBe('gzip');
    const unzipped = pullResponse.parse(JSON.parse(gunzipSync(remote.body).toString('utf8')));
    expect(remote.body.length).toBeLessThan(local.body.length / 5);
    expect(unzipped).toEqual(plain);
  });
});
