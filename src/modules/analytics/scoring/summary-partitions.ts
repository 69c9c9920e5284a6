import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';

/**
 * Customer-id cut points that split the customers into `parts` ranges of about equal size,
 * for partitionedSummariesSql. Ids are time-ordered (UUID v7), so the cuts come from the
 * primary-key index (an index-only walk to each cut), not from the id space.
 */
export async function customerIdCuts(tx: Executor, parts: number): Promise<string[]> {
  const counted = (await tx.execute(sql`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'customers'::regclass`)) as unknown as { rows: { n: string | number }[] };
  let n = Number(counted.rows[0]?.n ?? 0);
  // Never analysed (reltuples −1 → 0): count. The estimate is otherwise close enough for a split.
  if (n === 0) n = Number(((await tx.execute(sql`SELECT count(*)::bigint AS n FROM customers`)) as unknown as { rows: { n: string | number }[] }).rows[0]?.n ?? 0);
  const cuts: string[] = [];
  for (let k = 1; k < parts && n > parts; k++) {
    const found = (await tx.execute(sql`SELECT id::text AS id FROM customers ORDER BY id OFFSET ${Math.floor((n * k) / parts)} LIMIT 1`)) as unknown as { rows: { id: string }[] };
    const id = found.rows[0]?.id;
    if (id && (cuts.length === 0 || id > cuts.at(-1)!)) cuts.push(id);
  }
  return cuts;
}

/**
 * Planner settings for the partitioned summaries: one process per branch (Parallel Append
 * of whole branches) rather than a parallel scan inside each branch, which left the
 * aggregation — most of the work — serial. Set inside the run's transaction (SET LOCAL),
 * and put back right after the statement.
 */
export const PARTITIONED_PLAN_SETTINGS = {
  parallel_setup_cost: '0',
  parallel_tuple_cost: '0',
  min_parallel_table_scan_size: '1TB',
  min_parallel_index_scan_size: '1TB',
} as const;

export async function withPlanSettings<T>(tx: Executor, settings: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(settings)) await tx.execute(sql`SELECT set_config(${name}, ${value}, true)`);
  const result = await work();
  for (const name of Object.keys(settings)) await tx.execute(sql.raw(`SET LOCAL ${name} TO DEFAULT`));
  return result;
}
