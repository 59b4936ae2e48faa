import { buildRecord } from '../../shared/factories';
import type { RecordType } from '../../shared/records';
import { getDb } from '../lib/db';
import { createRecord, updateRecord } from './local-writes';
import { describeError, MessageError } from '../i18n/errors';

/** Creates a record from UI input in the local cache (the write itself asks the background to sync it soon). */
export async function createFromUi<T extends RecordType>(type: T, fields: Parameters<typeof buildRecord<T>>[1]) {
  const db = getDb();
  const session = await db.getMeta('session');
  if (!session) throw new MessageError('error.signInFirst');
  const record = await createRecord(db, buildRecord(type, fields, { memberId: session.member.id, now: Date.now() }));
  return record;
}

/** Updates a record from UI input (optionally resolving note conflicts). */
export async function updateFromUi(
  type: RecordType,
  id: string,
  patch: Record<string, unknown>,
  options: { resolves?: string[] } = {},
) {
  const db = getDb();
  const record = await updateRecord(db, type, id, patch, Date.now(), options);
  return record;
}

/** Turns a thrown error (a ZodError, a server's error, one from the background included) into one sentence for the form, in the rep's language. */
export function errorMessage(error: unknown): string {
  return describeError(error);
}
