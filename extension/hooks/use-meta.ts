import { useLiveQuery } from 'dexie-react-hooks';
import { getDb, type MetaKey, type MetaValues } from '../lib/db';

/** A live view of one meta value; `undefined` while loading, `null` when not set. */
export function useMeta<K extends MetaKey>(key: K): MetaValues[K] | null | undefined {
  return useLiveQuery(async () => (await getDb().getMeta(key)) ?? null, [key]);
}
