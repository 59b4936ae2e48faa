import { formatHlc } from '../../shared/hlc';
import { toEnvelope, type Mutation } from '../../shared/protocol';
import { syncApi } from '../../extension/background/api-client';
import type { AnyRecord } from '../../shared/records';

/** Sends records to the server through the real push protocol, as a client of their own. */
export async function pushRecords(
  serverUrl: string,
  token: string,
  records: AnyRecord[],
  batchSize = 200,
): Promise<void> {
  const clientId = crypto.randomUUID();
  const api = syncApi(serverUrl, token);
  const now = Date.now();
  const mutations: Mutation[] = records.map((record, i) => ({
    id: i + 1,
    name: 'record.create',
    hlc: formatHlc({ ms: now, counter: i % 100_000 }, clientId),
    record,
  }));
  for (let i = 0; i < mutations.length; i += batchSize) {
    const batch = mutations.slice(i, i + batchSize).map(toEnvelope);
    const result = await api.push({ clientId, mutations: batch });
    if (result.rejected.length)
      throw new Error(`seeding: the server refused ${result.rejected.length} records: ${result.rejected[0]!.message}`);
  }
}
