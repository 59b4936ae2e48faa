import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { sendMessage } from '../lib/messaging';
import { getDb, type MetaKey, type MetaValues, type Session } from '../lib/db';
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

/**
 * The signed-in session, live; until the page's own first read answers, what `early` says (the
 * side panel asks the background at start, whose database is already open).
 */
export function useSession(early?: () => Promise<Session | null | undefined> | null): Session | null | undefined {
  const live = useMeta('session');
  const [first, setFirst] = useState<Session | null | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once, at mount
  useEffect(() => {
    let alive = true;
    void early?.()?.then((s) => alive && setFirst(s));
    return () => {
      alive = false;
    };
  }, []);
  return live !== undefined ? live : first;
}
