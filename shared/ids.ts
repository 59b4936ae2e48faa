import { uuidv7 } from 'uuidv7';

/** Record ids: UUIDv7, so records made offline sort by creation time and never collide. */
export function newRecordId(): string {
  return uuidv7();
}
