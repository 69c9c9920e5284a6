import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';
import type { GammaGammaGroup, RfmGroup } from '../models/index.js';

/**
 * The models' inputs from the run's summaries: (x, t_x, T) groups with their customer counts
 * for BG/NBD, (x, z̄) groups of repeat buyers for Gamma-Gamma, and the pooled average order
 * value (the last fallback for expected value).
 *
 * Each list comes as one text of numbers rather than ~700 k result rows: the driver's
 * per-row objects cost more than the groups themselves. The lists are sorted here (the
 * summaries come from parallel branches in any order, and another summation order moves the
 * fitted optimum in its last digits: a re-run must give the same scores); sorting them in the
 * database cost seconds.
 */
export type FitInputs = { groups: (RfmGroup & { count: number })[]; spend: GammaGammaGroup[]; pooledOrderValue: number };

export async function readFitInputs(tx: Executor, summaries: string): Promise<FitInputs> {
  const table = sql.raw(summaries);
  const result = (await tx.execute(sql`
    SELECT (SELECT coalesce(string_agg(concat_ws(',', x, tx, t, n), ';'), '')
              FROM (SELECT frequency AS x, recency_days AS tx, tenure_days AS t, count(*) AS n FROM ${table} GROUP BY 1, 2, 3) g) AS groups,
           (SELECT coalesce(string_agg(concat_ws(',', x, zbar, n), ';'), '')
              FROM (SELECT frequency AS x, repeat_value::float8 AS zbar, count(*) AS n FROM ${table}
                     WHERE frequency > 0 AND repeat_value > 0 GROUP BY 1, 2) g) AS spend,
           (SELECT (sum(revenue) / nullif(sum(orders), 0))::float8 FROM ${table}) AS aov`)) as unknown as {
    rows: { groups: string; spend: string; aov: number | string | null }[];
  };
  const row = result.rows[0]!;
  const groups = numberRows(row.groups).sort(byColumns).map(([x, tx, T, count]) => ({ x: x!, tx: tx!, T: T!, count: count! }));
  const spend = numberRows(row.spend).sort(byColumns).map(([x, zbar, count]) => ({ x: x!, zbar: zbar!, count: count! }));
  return { groups, spend, pooledOrderValue: Number(row.aov ?? 0) || 0 };
}

/** "1,2,3;4,5,6" → [[1,2,3],[4,5,6]]. */
function numberRows(text: string): number[][] {
  if (text === '') return [];
  return text.split(';').map((line) => line.split(',').map(Number));
}

function byColumns(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
