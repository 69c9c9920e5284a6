import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerAccess, customerAccessKeys } from '../customers/access.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, scopeEnd, type AnalysisInput, type AnalysisScope } from './analysis-scope.js';

/**
 * Per-customer purchase summaries, computed in SQL so they scale out with the database.
 *
 * A purchase day is a company-local calendar day with at least one order that is not a
 * refund (amount ≥ 0; a free sample counts, as in the CDNOW data): the "transaction" of
 * the buy-till-you-die models, which count several orders on one day as one occasion.
 * For each customer with at least one purchase day before asOf:
 * - frequency: purchase days after the first (repeat purchases, BG/NBD's x);
 * - recencyDays: days from the first to the last purchase day (t_x);
 * - tenureDays: days from the first purchase day to the last day counted, the day before
 *   asOf (T; as in the literature, so a 39-week calibration of CDNOW gives its published T);
 * - daysSinceLast: days from the last purchase day to the last day counted (0: bought that day);
 * - orders: orders that are not refunds; revenue: all amounts (refunds subtract);
 *   cost: goods cost of the orders; costToServe: investments (gifts, discounts, service);
 *   margin = revenue − cost − costToServe; averageOrderValue over positive orders;
 * - repeatValue: the mean net amount of the repeat purchase days (Gamma-Gamma's z̄), 0 without repeats.
 * Money comes back as exact decimal text.
 */
export type CustomerSummary = {
  customerId: string;
  firstDay: string;
  lastDay: string;
  frequency: number;
  recencyDays: number;
  tenureDays: number;
  daysSinceLast: number;
  orders: number;
  revenue: string;
  cost: string;
  costToServe: string;
  margin: string;
  averageOrderValue: string;
  repeatValue: string;
};

/**
 * Orders of the customers the actor may see. Every order has its customer (foreign key), so
 * when the access module says the actor's scope has no limit, the join is skipped: at 10 M
 * orders it cost a merge join with every customer.
 */
function scopeJoin(scope: AnalysisScope): SQL {
  return customerAccessKeys(scope.actor) === undefined ? sql`` : sql`JOIN customers ON customers.id = o.customer_id AND ${customerAccess(scope.actor)}`;
}

/**
 * Which customers: the given ids, and/or ids in [from, to) (either end open). With
 * spendWindowDays, two more columns: spend_recent (net amount of the last that many days
 * before asOf) and spend_previous (the same length of time before that) — the churn
 * reason "spend down" reads them from the run's summaries instead of another pass over orders.
 */
export type SummaryFilter = { customerIds?: readonly string[]; from?: string; to?: string; spendWindowDays?: number };

/** The summaries as a SELECT, for analyses that build on them in SQL. Column names are snake_case. */
export function customerSummariesSql(scope: AnalysisScope, filter: SummaryFilter = {}): SQL {
  const end = scopeEnd(scope);
  const conditions: SQL[] = [];
  if (filter.customerIds) conditions.push(sql`AND o.customer_id = ANY(${sql.param(filter.customerIds)}::uuid[])`);
  if (filter.from) conditions.push(sql`AND o.customer_id >= ${filter.from}::uuid`);
  if (filter.to) conditions.push(sql`AND o.customer_id < ${filter.to}::uuid`);
  const only = sql.join(conditions, sql` `);
  const window = filter.spendWindowDays;
  const investmentRange = sql.join([
    ...(filter.from ? [sql`AND customer_id >= ${filter.from}::uuid`] : []),
    ...(filter.to ? [sql`AND customer_id < ${filter.to}::uuid`] : []),
  ], sql` `);
  return sql`
    SELECT s.customer_id, s.first_day, s.last_day, s.purchase_days - 1 AS frequency,
           s.last_day - s.first_day AS recency_days,
           ${scope.asOf}::date - 1 - s.first_day AS tenure_days,
           ${scope.asOf}::date - 1 - s.last_day AS days_since_last,
           s.orders, s.revenue, s.cost, coalesce(i.cost_to_serve, 0) AS cost_to_serve,
           s.revenue - s.cost - coalesce(i.cost_to_serve, 0) AS margin,
           round(s.positive_revenue / greatest(s.orders, 1), 2) AS average_order_value,
           CASE WHEN s.purchase_days > 1 THEN round((s.purchase_day_revenue - s.first_day_revenue) / (s.purchase_days - 1), 2) ELSE 0 END AS repeat_value
           ${window ? sql`, s.spend_recent, s.spend_previous` : sql``}
      FROM (
        SELECT d.customer_id,
               min(d.day) FILTER (WHERE d.orders > 0) AS first_day,
               max(d.day) FILTER (WHERE d.orders > 0) AS last_day,
               count(*) FILTER (WHERE d.orders > 0)::int AS purchase_days,
               sum(d.orders)::int AS orders,
               sum(d.amount) AS revenue,
               sum(d.cost) AS cost,
               coalesce(sum(d.positive), 0) AS positive_revenue,
               coalesce(sum(d.amount) FILTER (WHERE d.orders > 0), 0) AS purchase_day_revenue,
               (array_agg(d.amount ORDER BY d.day) FILTER (WHERE d.orders > 0))[1] AS first_day_revenue
               ${window ? sql`, coalesce(sum(d.amount) FILTER (WHERE d.day >= ${scope.asOf}::date - ${window}::int), 0) AS spend_recent,
               coalesce(sum(d.amount) FILTER (WHERE d.day >= ${scope.asOf}::date - ${2 * window}::int AND d.day < ${scope.asOf}::date - ${window}::int), 0) AS spend_previous` : sql``}
          FROM (
            SELECT o.customer_id, (o.ordered_at AT TIME ZONE ${scope.timeZone})::date AS day,
                   sum(o.amount) AS amount, sum(coalesce(o.cost, 0)) AS cost,
                   count(*) FILTER (WHERE o.amount >= 0) AS orders,
                   sum(o.amount) FILTER (WHERE o.amount >= 0) AS positive
              FROM orders o
              ${scopeJoin(scope)}
             WHERE o.ordered_at < ${end} ${only}
             GROUP BY 1, 2
          ) d
         GROUP BY d.customer_id
        HAVING count(*) FILTER (WHERE d.orders > 0) > 0
      ) s
      LEFT JOIN (
        SELECT customer_id, sum(cost) AS cost_to_serve FROM investments WHERE occurred_at < ${end} ${investmentRange} GROUP BY customer_id
      ) i ON i.customer_id = s.customer_id`;
}

/**
 * The same rows, computed as one UNION ALL branch per customer-id range (`cuts` split the
 * ids). PostgreSQL runs the branches in different processes (Parallel Append), each
 * reading its own part of the (customer_id, ordered_at) index, so a full analysis uses every
 * core: the two-level aggregation is serial within one branch. Without cuts, one branch.
 */
export function partitionedSummariesSql(scope: AnalysisScope, cuts: readonly string[], spendWindowDays?: number): SQL {
  const bounds = [undefined, ...cuts, undefined];
  const branches = bounds.slice(1).map((to, i) => customerSummariesSql(scope, { from: bounds[i], to, spendWindowDays }));
  return sql.join(branches.map((branch) => sql`(${branch})`), sql` UNION ALL `);
}

type SummaryRow = {
  customer_id: string; first_day: string; last_day: string; frequency: number; recency_days: number; tenure_days: number;
  days_since_last: number; orders: number; revenue: string; cost: string; cost_to_serve: string; margin: string;
  average_order_value: string; repeat_value: string;
};

function toSummary(row: SummaryRow): CustomerSummary {
  return {
    customerId: row.customer_id,
    firstDay: row.first_day,
    lastDay: row.last_day,
    frequency: Number(row.frequency),
    recencyDays: Number(row.recency_days),
    tenureDays: Number(row.tenure_days),
    daysSinceLast: Number(row.days_since_last),
    orders: Number(row.orders),
    revenue: row.revenue,
    cost: row.cost,
    costToServe: row.cost_to_serve,
    margin: row.margin,
    averageOrderValue: row.average_order_value,
    repeatValue: row.repeat_value,
  };
}

/** Summaries of the given customers (those the actor may see and who have bought), by id. */
export async function summarizeCustomers(
  db: Executor,
  actor: Actor,
  input: AnalysisInput & { customerIds: string[] },
): Promise<Map<string, CustomerSummary>> {
  const { customerIds, ...rest } = input;
  const scope = await resolveScope(db, actor, parseInput(analysisInput, rest));
  const inner = customerSummariesSql(scope, { customerIds });
  const result = (await db.execute(sql`
    SELECT customer_id, to_char(first_day, 'YYYY-MM-DD') AS first_day, to_char(last_day, 'YYYY-MM-DD') AS last_day, frequency,
           recency_days, tenure_days, days_since_last, orders, revenue::text, cost::text, cost_to_serve::text, margin::text,
           average_order_value::text, repeat_value::text
      FROM (${inner}) summaries`)) as unknown as { rows: SummaryRow[] };
  return new Map(result.rows.map((row) => [row.customer_id, toSummary(row)]));
}
