import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newRecordId, stableRecordId } from '../../shared/ids';
import { recordId } from '../../shared/records';

/** The ids as the first version computed them (Web Crypto), which records already synced carry. */
async function webCryptoId(teamId: string, namespace: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`margin\u0000${teamId}\u0000${namespace}\u0000${key}`),
  );
  const bytes = new Uint8Array(digest).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('record ids', () => {
  it('derives a stable id exactly as Web Crypto’s SHA-256 does, for any text (unicode included)', async () => {
    expect(stableRecordId('team-1', 'contact-email', 'ines@portoverde.pt')).toBe(
      await webCryptoId('team-1', 'contact-email', 'ines@portoverde.pt'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string(),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        async (team, namespace, key) => {
          expect(stableRecordId(team, namespace, key)).toBe(await webCryptoId(team, namespace, key));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shapes stable and new ids as UUIDv7, which the record schema accepts; different keys differ', () => {
    const a = stableRecordId('t', 'contact-email', 'a@example.com');
    expect(recordId.safeParse(a).success).toBe(true);
    expect(recordId.safeParse(newRecordId()).success).toBe(true);
    expect(stableRecordId('t', 'contact-email', 'b@example.com')).not.toBe(a);
    expect(stableRecordId('other-team', 'contact-email', 'a@example.com')).not.toBe(a);
  });
});
