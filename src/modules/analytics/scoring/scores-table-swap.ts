import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';

/**
 * The run writes the day's scores into a fresh table and swaps it in at the end, inside its
 * transaction, instead of TRUNCATE + INSERT into customer_scores:
 * - the indexes are built once, sorted, after the rows are in (maintaining them row by row
 *   for a million random uuids cost more than the rows themselves);
 * - readers of today's scores are not held up while the run writes: TRUNCATE took the
 *   table's exclusive lock for the whole write step (~30 s at 1 M customers); the swap
 *   takes it just before commit.
 * A killed or failed run rolls the new table back with everything else.
 *
 * The new table copies the live one's columns, defaults and checks, and gets each of its
 * indexes and index-backed constraints rebuilt from the catalogue under a temporary name
 * ("…__next"), renamed when the old table is dropped: an index a later migration adds to
 * customer_scores is carried over without touching this code.
 */
export const NEXT_SCORES_TABLE = 'customer_scores_next';

type Rows<T> = { rows: T[] };

export async function createNextScoresTable(tx: Executor): Promise<void> {
  await tx.execute(sql`DROP TABLE IF EXISTS customer_scores_next`);
  await tx.execute(sql`CREATE TABLE customer_scores_next (LIKE customer_scores INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
}

type IndexPlan = { constraints: { name: string; definition: string }[]; indexes: { name: string; definition: string }[] };

/** Builds the live table's indexes and keyed constraints on the new table; returns what to rename at the swap. */
export async function indexNextScoresTable(tx: Executor): Promise<IndexPlan> {
  const constraints = ((await tx.execute(sql`
    SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'customer_scores'::regclass AND contype IN ('p', 'u', 'x', 'f') ORDER BY contype = 'f', conname`)) as unknown as Rows<IndexPlan['constraints'][number]>).rows;
  const indexes = ((await tx.execute(sql`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'customer_scores'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
     ORDER BY i.relname`)) as unknown as Rows<IndexPlan['indexes'][number]>).rows;
  for (const constraint of constraints) {
    await tx.execute(sql.raw(`ALTER TABLE customer_scores_next ADD CONSTRAINT ${quote(`${constraint.name}__next`)} ${constraint.definition}`));
  }
  for (const index of indexes) {
    // "CREATE [UNIQUE] INDEX name ON public.customer_scores USING btree (…) [WHERE …]"
    const using = index.definition.indexOf(' USING ');
    const unique = /^CREATE UNIQUE INDEX /.test(index.definition);
    if (using < 0) throw new Error(`unexpected index definition: ${index.definition}`);
    await tx.execute(sql.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quote(`${index.name}__next`)} ON customer_scores_next${index.definition.slice(using)}`));
  }
  // Fresh statistics: the first reads after the swap plan with them.
  await tx.execute(sql`ANALYZE customer_scores_next`);
  return { constraints, indexes };
}

/** Drops the live table and puts the new one (and its indexes) under the live names. */
export async function swapInNextScoresTable(tx: Executor, plan: IndexPlan): Promise<void> {
  await tx.execute(sql`DROP TABLE customer_scores`);
  await tx.execute(sql`ALTER TABLE customer_scores_next RENAME TO customer_scores`);
  for (const constraint of plan.constraints) {
    await tx.execute(sql.raw(`ALTER TABLE customer_scores RENAME CONSTRAINT ${quote(`${constraint.name}__next`)} TO ${quote(constraint.name)}`));
  }
  for (const index of plan.indexes) {
    await tx.execute(sql.raw(`ALTER INDEX ${quote(`${index.name}__next`)} RENAME TO ${quote(index.name)}`));
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
