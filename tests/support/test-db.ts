import { afterEach } from 'vitest';
import { MarginDB } from '../../extension/lib/db';

/**
 * Call at the top of a test file: returns a maker of fresh, uniquely named Margin databases
 * (fake-indexeddb in the ext project), each deleted after the test that made it.
 */
export function freshDbs(prefix: string): () => MarginDB {
  const opened: MarginDB[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.delete()));
  });
  return () => {
    const db = new MarginDB(`${prefix}-${crypto.randomUUID()}`);
    opened.push(db);
    return db;
  };
}
