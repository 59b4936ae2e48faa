import { Hono } from 'hono';
import { recordId } from '../../shared/records';
import type { NoteHistoryEntry } from '../../shared/protocol';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireMember } from '../auth-middleware';

/** Note history: every revision and every text set aside, for the side panel's "history". */
export const notes = new Hono<AppEnv>().use(requireMember).get('/:id/history', async (c) => {
  const id = recordId.safeParse(c.req.param('id'));
  if (!id.success) throw new ApiError(400, 'bad_request', 'note id must be a UUIDv7');
  const { teamId, memberId } = c.var.auth;
  const entries: NoteHistoryEntry[] | null = await c.var.stores.sync.noteHistory({ teamId, memberId, noteId: id.data });
  if (!entries) throw new ApiError(404, 'not_found', 'no such note');
  return c.json({ entries });
});
