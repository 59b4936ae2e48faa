import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { sendMessage } from '../lib/messaging';
import { getDb, type MetaKey, type MetaValues } from '../lib/db';
import { bestEffort } from '../lib/best-effort';

/** A live view of one meta value; `undefined` while loading, `null` when not set. */
export function useMeta<K extends MetaKey>(key: K): MetaValues[K] | null | undefined {
  return useLiveQuery(async () => (await getDb().getMeta(key)) ?? null, [key]);
}

/** The team's members, re-read from the server when a component that picks one appears. */
export function useMembers() {
  useEffect(() => {
    void bestEffort('members', sendMessage('refreshMembers', undefined));
  }, []);
  return useMeta('members');
}
