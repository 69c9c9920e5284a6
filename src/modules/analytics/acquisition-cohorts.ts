import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerAccess } from '../customers/access.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, scopeEnd } from './analysis-scope.js';

/**
 * Monthly acquisition cohorts: customers grouped by the company-local month of their first
 * purchase, and for each month since, how many of them bought (an order that is not a refund) and how
 * much the cohort spent (all orders, refunds subtract). Retention = active ÷ cohort size.
 * Only the last `months` cohorts are returned; months not yet reached are left out.
 */
export const cohortInput = analysisInput.extend({
  months: z.number().int().min(1).max(120).default(24),
});
export type CohortInput = z.input<typeof cohortInput>;

export type CohortCell = { monthsSince: number; active: number; retention: number; revenue: string };
export type Cohort = { month: string; size: number; cells: CohortCell[] };
export type CohortTable = { asOf: string; cohorts: Cohort[] };

type Row = { cohort: string; size: number; since: number; active: number; revenue: string };

export async function acquisitionCohorts(db: Executor, actor: Actor, input: CohortInput = {}): Promise<CohortTable> {
  const options = parseInput(cohortInput, input);
  const scope = await resolveScope(db, actor, options);
  const month = sql`date_trunc('month', o.ordered_at AT TIME ZONE ${scope.timeZone})::date`;
  const result = (await db.execute(sql`
    WITH monthly AS (
      SELECT o.customer_id, ${month} AS month, sum(o.amount) AS revenue, bool_or(o.amount >= 0) AS bought
        FROM orders o
        JOIN customers ON customers.id = o.customer_id AND ${customerAccess(actor)}
       WHERE o.ordered_at < ${scopeEnd(scope)}
       GROUP BY 1, 2
    ),
    firsts AS (
      SELECT customer_id, min(month) AS cohort FROM monthly WHERE bought GROUP BY customer_id
    ),
    recent AS (
      SELECT * FROM firsts
       WHERE cohort > (date_trunc('month', ${scope.asOf}::date - 1) - make_interval(months => ${options.months}))::date
    ),
    sizes AS (SELECT cohort, count(*)::int AS size FROM recent GROUP BY cohort)
    SELECT to_char(r.cohort, 'YYYY-MM') AS cohort, sizes.size,
           ((extract(year FROM m.month) - extract(year FROM r.cohort)) * 12 + extract(month FROM m.month) - extract(month FROM r.cohort))::int AS since,
           (count(*) FILTER (WHERE m.bought))::int AS active, sum(m.revenue)::text AS revenue
      FROM recent r
      JOIN monthly m ON m.customer_id = r.customer_id AND m.month >= r.cohort
      JOIN sizes ON sizes.cohort = r.cohort
     GROUP BY r.cohort, sizes.size, m.month
     ORDER BY r.cohort, since`)) as unknown as { rows: Row[] };
  // Every month from the cohort's first to the last one counted, including months in which
  // nobody of the cohort bought (a heat map needs the zeros).
  const lastMonth = monthIndex(previousDay(scope.asOf).slice(0, 7));
  const cohorts = new Map<string, Cohort>();
  for (const row of result.rows) {
    let cohort = cohorts.get(row.cohort);
    if (!cohort) {
      const size = Number(row.size);
      const span = lastMonth - monthIndex(row.cohort);
      cohort = { month: row.cohort, size, cells: Array.from({ length: span + 1 }, (_, since) => ({ monthsSince: since, active: 0, retention: 0, revenue: '0' })) };
      cohorts.set(row.cohort, cohort);
    }
    const cell = cohort.cells[Number(row.since)];
    if (!cell) continue;
    cell.active = Number(row.active);
    cell.retention = cell.active / cohort.size;
    cell.revenue = row.revenue;
  }
  return { asOf: scope.asOf, cohorts: [...cohorts.values()] };
}

function monthIndex(yearMonth: string): number {
  const [year, month] = yearMonth.split('-').map(Number);
  return year! * 12 + month! - 1;
}

function previousDay(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
