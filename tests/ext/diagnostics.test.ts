import { afterEach, describe, expect, it } from 'vitest';
import { bestEffort, recordFailuresIn } from '../../extension/lib/best-effort';
import {
  DIAGNOSTIC_MESSAGE_MAX,
  DIAGNOSTICS_KEPT,
  diagnosticsRecorder,
  diagnosticsReport,
  readDiagnostics,
  recordDiagnostic,
} from '../../extension/lib/diagnostics';
import { freshDbs } from '../support/test-db';

const freshDb = freshDbs('diagnostics');
afterEach(() => recordFailuresIn(() => undefined));

describe('best effort and the diagnostics log', () => {
  it('a failure nobody waits for is recorded with its feature, not thrown; a success returns its value', async () => {
    const db = freshDb();
    const recorded: Promise<void>[] = [];
    const record = diagnosticsRecorder(db);
    recordFailuresIn((feature, error) => recorded.push(Promise.resolve(record(feature, error))));
    await expect(bestEffort('badge', Promise.reject(new TypeError('action is undefined')))).resolves.toBeUndefined();
    await expect(
      bestEffort(
        'tab.signature',
        async () => {
          throw new Error('gone');
        },
        { fallback: true },
      ),
    ).resolves.toEqual({ fallback: true });
    await expect(bestEffort('search', Promise.resolve(42), 0)).resolves.toBe(42);
    await Promise.all(recorded);
    await expect.poll(async () => (await readDiagnostics(db)).length).toBe(2);
    const [newest, oldest] = await readDiagnostics(db);
    expect(oldest).toMatchObject({ feature: 'badge', message: 'TypeError: action is undefined' });
    expect(newest).toMatchObject({ feature: 'tab.signature', message: 'Error: gone' });
  });

  it('a tab without Margin answering is normal, not a failure', async () => {
    const seen: string[] = [];
    recordFailuresIn((feature) => seen.push(feature));
    await bestEffort(
      'tab.refresh',
      Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
    );
    await bestEffort('tab.read', Promise.reject(new Error('boom')));
    expect(seen).toEqual(['tab.read']);
  });

  it('keeps the last 50 entries, cuts long messages, and a recorder that fails does not throw', async () => {
    const db = freshDb();
    for (let i = 0; i < DIAGNOSTICS_KEPT + 7; i++)
      await recordDiagnostic(db, 'sync', new Error(`failure ${i}`), 1_800_000_000_000 + i);
    const entries = await readDiagnostics(db);
    expect(entries).toHaveLength(DIAGNOSTICS_KEPT);
    expect(entries[0]!.message).toBe(`Error: failure ${DIAGNOSTICS_KEPT + 6}`);
    expect(entries.at(-1)!.message).toBe('Error: failure 7');

    await recordDiagnostic(db, 'x'.repeat(500), new Error('y'.repeat(10_000)));
    const [long] = await readDiagnostics(db);
    expect(long!.message.length).toBe(DIAGNOSTIC_MESSAGE_MAX);
    expect(long!.feature.length).toBe(60);

    recordFailuresIn(() => {
      throw new Error('recorder broke');
    });
    await expect(bestEffort('badge', Promise.reject(new Error('x')))).resolves.toBeUndefined();
  });

  it('the report is plain text: the release, then one line per entry', () => {
    const text = diagnosticsReport([{ id: 2, feature: 'badge', message: 'Error: x', at: Date.UTC(2026, 11, 2, 10) }], {
      version: '0.2.0',
      userAgent: 'Chromium',
    });
    expect(text).toBe('Margin 0.2.0 · Chromium\n2026-12-02T10:00:00.000Z  badge  Error: x');
  });
});
