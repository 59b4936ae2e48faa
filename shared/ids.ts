import { sha256 } from '@noble/hashes/sha2.js';
import { uuidv7 } from 'uuidv7';

/** Record ids: UUIDv7, so records made offline sort by creation time and never collide. */
export function newRecordId(): string {
  return uuidv7();
}

/**
 * An id derived from what a record is about (a team's contact for an address, a logged email
 * for a message id), so two reps capturing the same thing create one record, not two: the server
 * merges a second create of an id field by field. Shaped as a UUIDv7 (version and variant bits set).
 */
const encoder = new TextEncoder();

export function stableRecordId(teamId: string, namespace: string, key: string): string {
  // SHA-256 in JavaScript (@noble/hashes) takes microseconds and needs no await, where each
  // `crypto.subtle.digest` is a round trip to another thread; an import of 10,000 rows makes thousands.
  // The ids are the same as Web Crypto's (tests/unit/ids.test.ts): records already synced keep theirs.
  const bytes = sha256(encoder.encode(`margin\u0000${teamId}\u0000${namespace}\u0000${key}`)).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
