import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { concurrently, type Executor } from '../../db/connect.js';
import { fieldError, type Locale } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerAccess } from '../customers/access.js';
import { getCompanySettings } from '../settings/company-settings.js';
import type { Actor } from '../users/actor.js';
import { todayIn } from './analysis-scope.js';
import { forecastNextQuarter, type RevenueForecast } from './revenue-forecast.js';

/**
 * The manager view: KPIs per calendar month or quarter, for the whole company or by region,
 * team (the owner's team) or owner — all set-based SQL over orders, investments and
 * interactions. Months are company-local calendar months; periods cover [from, to].
 *
 * "Active at a boundary t" (the first day of a month): bought (an order that is not a
 * refund) in the `activeMonths` calendar months before t (default 12, the RFM notion of
 * lost after a year, in months). For a period [s, e):
 * - activeCustomers: active at e; newCustomers: first purchase ever within the period;
 * - churnedCustomers: active at s and not at e (their activeMonths-th month without a
 *   purchase ended within the period); retentionRate = 1 − churned / active at s;
 * - revenue: order amounts in the period (refunds subtract); margin: revenue − goods cost −
 *   investments (cost to serve) in the period;
 * - top20RevenueShare: the share of the period's revenue brought by the top ⌈20%⌉ of the
 *   group's buyers of that period (net-negative revenue counts as zero, as in the Lorenz curve);
 * - complaints: interactions of kind 'complaint' in the period.
 * Renewal rate, complaint breach rate and revisits done vs planned need contracts, service
 * SLAs and revisit plans, which later issues bring: they are null, with the reason in `unavailable`.
 * Customers are grouped by their region / owner / owner's team as they are now.
 */
export const kpiInput = z.strictObject({
  by: z.enum(['company', 'region', 'team', 'owner']).default('company'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  period: z.enum(['month', 'quarter']).default('month'),
  activeMonths: z.number().int().min(3).max(36).default(12),
});
export type KpiInput = z.input<typeof kpiInput>;

export type KpiPeriod = { key: string; from: string; to: string };
export type KpiRow = {
  key: string;
  label: string;
  period: string;
  activeCustomers: number;
  newCustomers: number;
  churnedCustomers: number;
  retentionRate: number | null;
  revenue: string;
  margin: string;
  top20RevenueShare: number | null;
  complaints: number;
  renewalRate: number | null;
  complaintBreachRate: number | null;
  revisitsDone: number | null;
  revisitsPlanned: number | null;
};
export type KpiResult = {
  by: 'company' | 'region' | 'team' | 'owner';
  period: 'month' | 'quarter';
  activeMonths: number;
  periods: KpiPeriod[];
  rows: KpiRow[];
  unavailable: { field: string; reason: string }[];
  forecast: RevenueForecast;
};

const UNAVAILABLE: { field: string; reason: Record<Locale, string> }[] = [
  { field: 'renewalRate', reason: { 'zh-CN': '续约率需要合同记录（后续版本提供）', 'en-US': 'renewal rate needs contracts, which a later issue brings' } },
  { field: 'complaintBreachRate', reason: { 'zh-CN': '投诉超时率需要服务时限（SLA）记录（后续版本提供）', 'en-US': 'complaint breach rate needs service SLAs, which a later issue brings' } },
  { field: 'revisitsDone', reason: { 'zh-CN': '回访完成数需要回访计划（后续版本提供）', 'en-US': 'revisits done need revisit plans, which a later issue brings' } },
  { field: 'revisitsPlanned', reason: { 'zh-CN': '计划回访数需要回访计划（后续版本提供）', 'en-US': 'revisits planned need revisit plans, which a later issue brings' } },
];

const NO_GROUP: Record<KpiResult['by'], Record<Locale, string>> = {
  company: { 'zh-CN': '全公司', 'en-US': 'Whole company' },
  region: { 'zh-CN': '未分区域', 'en-US': 'No region' },
  team: { 'zh-CN': '未分团队', 'en-US': 'No team' },
  owner: { 'zh-CN': '未分配负责人', 'en-US': 'No owner' },
};

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const monthStart = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/** The calendar months or quarters that overlap [from, to], as month indexes [start, end). */
export function kpiPeriods(from: string, to: string, period: 'month' | 'quarter'): (KpiPeriod & { start: number; end: number })[] {
  const size = period === 'month' ? 1 : 3;
  const first = Math.floor(monthIndex(from) / size) * size;
  const last = Math.floor(monthIndex(to) / size) * size;
  const periods: (KpiPeriod & { start: number; end: number })[] = [];
  for (let start = first; start <= last; start += size) {
    const key = period === 'month' ? monthStart(start).slice(0, 7) : `${Math.floor(start / 12)}-Q${(start % 12) / 3 + 1}`;
    periods.push({ key, from: monthStart(start), to: monthStart(start + size), start, end: start + size });
  }
  return periods;
}

/** The group key of a customer (customers joined with its owner `u`). */
function groupKey(by: KpiResult['by']): SQL {
  if (by === 'region') return sql`coalesce(customers.region, '')`;
  if (by === 'owner') return sql`coalesce(customers.owner_id::text, '')`;
  if (by === 'team') return sql`coalesce(u.team, '')`;
  return sql`'company'`;
}

type Row = {
  key: string; label: string | null; period: number; active: number; fresh: number; churned: number; active_start: number;
  revenue: string; margin: string; top_share: number | null; complaints: number;
};

/** The KPI rows of all periods and groups in one set-based query (see the comment at the top). */
export function kpiSql(actor: Actor, by: KpiResult['by'], periods: { start: number; end: number }[], activeMonths: number, timeZone: string): SQL {
  const W = activeMonths;
  const rangeStart = periods[0]!.start;
  const rangeEnd = periods[periods.length - 1]!.end;
  const startAt = sql`((${monthStart(rangeStart)}::date)::timestamp AT TIME ZONE ${timeZone})`;
  const endAt = sql`((${monthStart(rangeEnd)}::date)::timestamp AT TIME ZONE ${timeZone})`;
  const windowAt = sql`((${monthStart(rangeStart - W)}::date)::timestamp AT TIME ZONE ${timeZone})`;
  // One time-zone conversion per row; month indexes are taken from the few distinct truncated months.
  const monthOf = (column: SQL) => sql`date_trunc('month', ${column} AT TIME ZONE ${timeZone})`;
  const index = (month: SQL) => sql`(extract(year FROM ${month}) * 12 + extract(month FROM ${month}) - 1)::int`;
  const key = groupKey(by);
  const bounds = sql.raw(periods.map((p) => `(${p.start}, ${p.end})`).join(', '));
  // The start of the period holding month index m (m within the range): equality joins, no range joins.
  const size = periods[0]!.end - periods[0]!.start;
  const periodOf = (m: SQL) => sql`(${rangeStart}::int + ((${m}) - ${rangeStart}::int) / ${size}::int * ${size}::int)`;
  return sql`
    WITH periods(s, e) AS (VALUES ${bounds}),
    visible AS MATERIALIZED (
      SELECT customers.id, ${key} AS key, u.display_name AS owner_name
        FROM customers LEFT JOIN users u ON u.id = customers.owner_id
       WHERE ${customerAccess(actor)}
    ),
    -- One pass over the orders: per customer and month, whether they bought (an order that is
    -- not a refund) and the money. Whether a customer is active at a boundary of the range depends
    -- only on the W months before it, so the orders from W months before the range on suffice.
    months AS MATERIALIZED (
      SELECT customer_id, ${index(sql`t`)} AS m, bought, revenue, cost FROM (
        SELECT o.customer_id, ${monthOf(sql`o.ordered_at`)} AS t, bool_or(o.amount >= 0) AS bought, sum(o.amount) AS revenue, sum(coalesce(o.cost, 0)) AS cost
          FROM orders o JOIN visible v ON v.id = o.customer_id
         WHERE o.ordered_at >= ${windowAt} AND o.ordered_at < ${endAt}
         GROUP BY 1, 2
      ) x
    ),
    bought AS (SELECT customer_id, m FROM months WHERE bought),
    linked AS (
      SELECT customer_id, m, lag(m) OVER w AS pm, lead(m) OVER w AS nm FROM bought WINDOW w AS (PARTITION BY customer_id ORDER BY m)
    ),
    -- A run of activity starts at boundary m + 1 after a first purchase or one after a lapse;
    -- it lapses at boundary m + W + 1 when nothing was bought in the W months after m.
    events AS (
      SELECT customer_id, m + 1 AS at, 1 AS delta FROM linked WHERE pm IS NULL OR m > pm + ${W}
      UNION ALL
      SELECT customer_id, m + ${W} + 1, -1 FROM linked WHERE nm IS NULL OR nm > m + ${W}
    ),
    steps AS (
      SELECT v.key, e.at, sum(e.delta)::int AS delta FROM events e JOIN visible v ON v.id = e.customer_id GROUP BY 1, 2
    ),
    keys AS (SELECT DISTINCT key FROM visible),
    active AS (
      SELECT k.key, p.s, coalesce(sum(st.delta) FILTER (WHERE st.at <= p.s), 0)::int AS at_start,
             coalesce(sum(st.delta) FILTER (WHERE st.at <= p.e), 0)::int AS at_end
        FROM keys k CROSS JOIN periods p LEFT JOIN steps st ON st.key = k.key AND st.at <= p.e
       GROUP BY 1, 2
    ),
    -- Lapses inside (s, e] (the last active boundary m + W lies in [s, e)) of customers who did not buy again before e.
    churn AS (
      SELECT v.key, ${periodOf(sql`l.m + ${W}`)} AS s, count(*)::int AS churned
        FROM linked l JOIN visible v ON v.id = l.customer_id
       WHERE l.m + ${W} >= ${rangeStart} AND l.m + ${W} < ${rangeEnd}
         AND (l.nm IS NULL OR l.nm >= ${periodOf(sql`l.m + ${W}`)} + ${size})
       GROUP BY 1, 2
    ),
    fresh AS (
      SELECT v.key, ${periodOf(sql`l.m`)} AS s, count(*)::int AS fresh
        FROM linked l JOIN visible v ON v.id = l.customer_id
       WHERE l.pm IS NULL AND l.m >= ${rangeStart} AND l.m < ${rangeEnd}
         -- The first purchase in the window is the first ever only without an older one.
         AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = l.customer_id AND o.ordered_at < ${windowAt} AND o.amount >= 0)
       GROUP BY 1, 2
    ),
    money AS (
      SELECT customer_id, m, sum(revenue) AS revenue, sum(cost) AS cost FROM (
        SELECT customer_id, m, revenue, cost FROM months WHERE m >= ${rangeStart}
        UNION ALL
        SELECT i.customer_id, ${index(monthOf(sql`i.occurred_at`))}, 0, i.cost
          FROM investments i JOIN visible v ON v.id = i.customer_id WHERE i.occurred_at >= ${startAt} AND i.occurred_at < ${endAt}
      ) x GROUP BY 1, 2
    ),
    per_customer AS (
      SELECT v.key, ${periodOf(sql`mo.m`)} AS s, mo.customer_id, sum(mo.revenue) AS revenue, sum(mo.cost) AS cost
        FROM money mo JOIN visible v ON v.id = mo.customer_id
       GROUP BY 1, 2, 3
    ),
    ranked AS (
      SELECT per_customer.*, row_number() OVER (PARTITION BY key, s ORDER BY revenue DESC, customer_id) AS rank,
             count(*) FILTER (WHERE revenue > 0) OVER (PARTITION BY key, s) AS buyers
        FROM per_customer
    ),
    totals AS (
      SELECT key, s, sum(revenue) AS revenue, sum(revenue) - sum(cost) AS margin,
             sum(greatest(revenue, 0)) FILTER (WHERE rank <= ceil(0.2 * buyers)) AS top, sum(greatest(revenue, 0)) AS positive
        FROM ranked GROUP BY 1, 2
    ),
    complaints AS (
      SELECT v.key, ${periodOf(index(monthOf(sql`it.occurred_at`)))} AS s, count(*)::int AS complaints
        FROM interactions it JOIN visible v ON v.id = it.customer_id
       WHERE it.kind = 'complaint' AND it.occurred_at >= ${startAt} AND it.occurred_at < ${endAt}
       GROUP BY 1, 2
    ),
    labels AS (SELECT key, min(owner_name) AS owner_name FROM visible GROUP BY 1)
    SELECT a.key, l.owner_name AS label, a.s AS period, a.at_end AS active, a.at_start AS active_start,
           coalesce(f.fresh, 0) AS fresh, coalesce(ch.churned, 0) AS churned,
           coalesce(t.revenue, 0)::text AS revenue, coalesce(t.margin, 0)::text AS margin,
           CASE WHEN t.positive > 0 THEN (coalesce(t.top, 0) / t.positive)::float8 END AS top_share,
           coalesce(cp.complaints, 0) AS complaints
      FROM active a
      JOIN labels l ON l.key = a.key
      LEFT JOIN fresh f ON f.key = a.key AND f.s = a.s
      LEFT JOIN churn ch ON ch.key = a.key AND ch.s = a.s
      LEFT JOIN totals t ON t.key = a.key AND t.s = a.s
      LEFT JOIN complaints cp ON cp.key = a.key AND cp.s = a.s
     ORDER BY a.key, a.s`;
}

export async function managerKpis(db: Executor, actor: Actor, input: KpiInput = {}, locale: Locale = 'zh-CN'): Promise<KpiResult> {
  const options = parseInput(kpiInput, input);
  const { timeZone } = await getCompanySettings(db);
  const to = options.to ?? todayIn(timeZone);
  const from = options.from ?? monthStart(monthIndex(to) - 11);
  if (from > to) throw fieldError('from', 'from_after_to', { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'from must not be after to' });
  const periods = kpiPeriods(from, to, options.period);
  if (periods.length > 120) throw fieldError('from', 'range_too_long', { 'zh-CN': '最多 120 个期间', 'en-US': 'at most 120 periods' });
  const rangeEnd = periods[periods.length - 1]!.end;
  // The KPIs and the forecast read the same orders independently: on PostgreSQL they run side by side.
  const [result, forecast] = await concurrently(db,
    async () => (await db.execute(kpiSql(actor, options.by, periods, options.activeMonths, timeZone))) as unknown as { rows: Row[] },
    () => forecastNextQuarter(db, actor, { asOf: [monthStart(rangeEnd), todayIn(timeZone)].sort()[0]!, after: monthStart(rangeEnd), timeZone }));
  const W = options.activeMonths;
  const periodKey = new Map(periods.map((p) => [p.start, p.key]));
  const labelOf = (row: Row) => {
    if (row.key === '' || options.by === 'company') return NO_GROUP[options.by][locale];
    return options.by === 'owner' ? (row.label ?? row.key) : row.key;
  };
  const rows: KpiRow[] = result.rows.map((row) => ({
    key: options.by === 'company' ? 'company' : row.key,
    label: labelOf(row),
    period: periodKey.get(Number(row.period))!,
    activeCustomers: Number(row.active),
    newCustomers: Number(row.fresh),
    churnedCustomers: Number(row.churned),
    retentionRate: Number(row.active_start) > 0 ? 1 - Number(row.churned) / Number(row.active_start) : null,
    revenue: row.revenue,
    margin: row.margin,
    top20RevenueShare: row.top_share === null ? null : Number(row.top_share),
    complaints: Number(row.complaints),
    renewalRate: null,
    complaintBreachRate: null,
    revisitsDone: null,
    revisitsPlanned: null,
  }));
  return {
    by: options.by,
    period: options.period,
    activeMonths: W,
    periods: periods.map(({ key: k, from: f, to: t }) => ({ key: k, from: f, to: t })),
    rows,
    unavailable: UNAVAILABLE.map(({ field, reason }) => ({ field, reason: reason[locale] })),
    forecast,
  };
}
