import { formatHlc } from '../../shared/hlc';
import { pushResponse, toEnvelope, type Mutation } from '../../shared/protocol';
import type { AnyRecord } from '../../shared/records';

/** Sends records to the server through the real push protocol, as a client of their own. */
export async function pushRecords(
  serverUrl: string,
  token: string,
  records: AnyRecord[],
  batchSize = 200,
): Promise<void> {
  const clientId = crypto.randomUUID();
  const now = Date.now();
  const mutations: Mutation[] = records.map((record, i) => ({
    id: i + 1,
    name: 'record.create',
    hlc: formatHlc({ ms: now, counter: i % 100_000 }, clientId),
    record,
  }));
  for (let i = 0; i < mutations.length; i += batchSize) {
    const batch = mutations.slice(i, i + batchSize).map(toEnvelope);
    const response = await fetch(`${serverUrl}/v1/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId, mutations: batch }),
    });
    if (!response.ok) throw new Error(`seeding failed: HTTP ${response.status} ${await response.text()}`);
    const result = pushResponse.parse(await response.json());
    if (result.rejected.length)
      throw new Error(`seeding: the server refused ${result.rejected.length} records: ${result.rejected[0]!.message}`);
  }
}
