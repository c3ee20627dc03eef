import type { SqliteDatabase } from './database';

const BATCH = 1000;

/**
 * Deletes the rows `select` finds (it selects one key column), a thousand per transaction, so a
 * first prune of a large table neither holds the write lock for long nor grows the WAL without end.
 */
export function deleteInBatches(db: SqliteDatabase, select: string, deleteWhereKeyIn: string, params: unknown[]): number {
  const statement = db.prepare(`${deleteWhereKeyIn} (${select} LIMIT ${BATCH})`);
  let total = 0;
  for (;;) {
    const deleted = statement.run(...params).changes;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
