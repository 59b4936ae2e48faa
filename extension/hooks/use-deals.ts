import { useLiveQuery } from 'dexie-react-hooks';
import { createContext, useContext } from 'react';
import { dealOrder } from '../../shared/deals';
import type { Deal, Settings } from '../../shared/records';
import { getDb } from '../lib/db';
import { teamSettings } from '../lib/team-settings';

/** An account's deals, open first by close date, then the closed ones newest first; undefined while loading. */
export function useAccountDeals(accountId: string): Deal[] | undefined {
  return useLiveQuery(
    async () =>
      (
        await getDb()
          .deals.where('accountId')
          .equals(accountId)
          .filter((d) => !d.deleted)
          .toArray()
      ).sort(dealOrder),
    [accountId],
  );
}

/** The team's settings record (null when the team has none yet); undefined while loading. */
export function useTeamSettings(): Settings | null | undefined {
  return useLiveQuery(async () => (await teamSettings(getDb())) ?? null, []);
}

/**
 * How a page opens a deal: the side panel shows it in place of the list, the pipeline page beside
 * the board. Null where deals cannot be opened (the deal then shows no link).
 */
export const OpenDealContext = createContext<((dealId: string) => void) | null>(null);
export const useOpenDeal = () => useContext(OpenDealContext);
