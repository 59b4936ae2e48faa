import type { NoteHistoryEntry, PushResponse, MutationEnvelope } from '../shared/protocol';
import type { PullPage } from './pull-json';

/**
 * What the sync routes need from storage. D1 implements it today; a team that outgrows one D1
 * database moves to a per-team Durable Object behind this same interface (architecture §3, Scale).
 */
export interface SyncStore {
  push(input: {
    teamId: string;
    memberId: string;
    memberName: string;
    clientId: string;
    settledThrough?: number;
    mutations: MutationEnvelope[];
    now: number;
  }): Promise<PushResponse>;
  pull(input: {
    teamId: string;
    memberId: string;
    clientId: string;
    cursor: number;
    limit: number;
    rebuild: boolean;
    count: boolean;
    settledThrough?: number;
    now: number;
  }): Promise<PullPage>;
  /**
   * Removes tombstones last changed before `before` and raises the team's tombstone floor, so a
   * client whose cursor is older than the floor is told to `reset` (it may have missed a delete).
   */
  purgeTombstones(input: { teamId: string; before: number }): Promise<{ purged: number; floor: number }>;
  /** A note's history, oldest first; null when the note does not exist or is not this member's to see. */
  noteHistory(input: { teamId: string; memberId: string; noteId: string }): Promise<NoteHistoryEntry[] | null>;
}
