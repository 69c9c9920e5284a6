import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, type AnalysisInput } from './analysis-scope.js';
import { customerSummariesSql } from './customer-summaries.js';

/**
 * How concentrated value is among buyers: the 80/20 rule and Shearer's whale curve.
 *
 * - Lorenz curve of revenue (customers from smallest to largest, revenue below zero —
 *   net refunds — counted as zero) and its Gini coefficient, 0 = everyone equal, → 1 = one
 *   customer has everything: G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n with xᵢ ascending.
 * - The top 20% of customers (⌈0.2·n⌉, by revenue, resp. by profit) and their share of
 *   revenue, resp. profit. Profit is the customer's margin (revenue − cost − cost to serve).
 * - Whale curve: customers from most to least profitable, cumulative profit as a share of
 *   the total. It usually rises above 100% (the peak) and falls back as unprofitable
 *   customers destroy part of it: `destroyed` = peak − total.
 * - Tiers by profit: top 20%, middle 60%, bottom 20%.
 * Shares are null when their denominator is not positive (e.g. total profit ≤ 0).
 */
export type CurvePoint = { customerShare: number; valueShare: number | null };

export type TierSummary = { tier: 'top' | 'middle' | 'bottom'; customers: number; profit: string; revenue: string; minProfit: string | null };

export type ValueConcentration = {
  asOf: string;
  buyers: number;
  revenue: string;
  profit: string;
  gini: number | null;
  top20RevenueShare: number | null;
  top20ProfitShare: number | null;
  lorenz: CurvePoint[];
  whale: CurvePoint[];
  whalePeak: { customerShare: number; profit: string; profitShare: number | null } | null;
  /** Profit the customers after the peak take away (peak − total), ≥ 0. */
  destroyed: string;
  tiers: TierSummary[];
};

/** Curve points at each percent of customers (0%, 1%, … 100%). */
const CURVE_STEPS = 100;

type Row = {
  n: number; revenue: string; profit: string; gini: number | null; top_revenue: string; top_profit: string;
  lorenz: { p: number; cum: string }[] | string; whale: { p: number; cum: string }[] | string;
  peak_rank: number | null; peak: string | null; destroyed: string | null; tiers: TierRow[] | string;
};
type TierRow = { tier: TierSummary['tier']; customers: number; profit: string; revenue: string; min_profit: string | null };

function parsed<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export async function valueConcentration(db: Executor, actor: Actor, input: AnalysisInput = {}): Promise<ValueConcentration> {
  const scope = await resolveScope(db, actor, parseInput(analysisInput, input));
  return concentrationOf(db, scope.asOf, customerSummariesSql(scope));
}

/**
 * The analysis over already computed summaries (the analysis run passes its own). Its one
 * query is sent at the first turn of the event loop, with no round trip before it, so the
 * run can let it work while Node fits the models.
 */
export async function concentrationOf(db: Executor, asOf: string, summaries: SQL): Promise<ValueConcentration> {
  const steps = sql.raw(String(CURVE_STEPS));
  const positions = sql`SELECT p, floor(p * n / ${steps}.0)::int AS k FROM generate_series(0, ${steps}) p, counted`;
  const result = (await db.execute(sql`
    WITH s AS MATERIALIZED (${summaries}),
    ranked AS MATERIALIZED (
      SELECT greatest(revenue, 0) AS rev, revenue, margin AS profit,
             row_number() OVER (ORDER BY greatest(revenue, 0), customer_id) AS rev_up,
             row_number() OVER (ORDER BY revenue DESC, customer_id) AS rev_down,
             row_number() OVER (ORDER BY margin DESC, customer_id) AS profit_down
        FROM s
    ),
    counted AS (SELECT count(*)::int AS n, ceil(count(*) * 0.2)::int AS top FROM ranked),
    lorenz_cum AS (SELECT rev_up AS k, sum(rev) OVER (ORDER BY rev_up) AS cum FROM ranked),
    whale_cum AS (SELECT profit_down AS k, sum(profit) OVER (ORDER BY profit_down) AS cum FROM ranked),
    peak AS (SELECT k, cum FROM whale_cum ORDER BY cum DESC, k LIMIT 1),
    tiers AS (
      SELECT CASE WHEN profit_down <= top THEN 'top' WHEN profit_down > n - top THEN 'bottom' ELSE 'middle' END AS tier,
             count(*)::int AS customers, sum(profit)::text AS profit, sum(revenue)::text AS revenue, min(profit)::text AS min_profit
        FROM ranked, counted GROUP BY 1
    )
    SELECT counted.n,
           (SELECT coalesce(sum(revenue), 0)::text FROM ranked) AS revenue,
           (SELECT coalesce(sum(profit), 0)::text FROM ranked) AS profit,
           (SELECT CASE WHEN sum(rev) > 0 THEN (2 * sum(rev_up * rev) / (count(*) * sum(rev)) - (count(*) + 1)::numeric / count(*))::float8 END FROM ranked) AS gini,
           (SELECT coalesce(sum(rev), 0)::text FROM ranked WHERE rev_down <= counted.top) AS top_revenue,
           (SELECT coalesce(sum(profit), 0)::text FROM ranked WHERE profit_down <= counted.top) AS top_profit,
           (SELECT json_agg(json_build_object('p', pos.p, 'cum', coalesce(l.cum, 0)::text) ORDER BY pos.p)
              FROM (${positions}) pos LEFT JOIN lorenz_cum l ON l.k = pos.k) AS lorenz,
           (SELECT json_agg(json_build_object('p', pos.p, 'cum', coalesce(w.cum, 0)::text) ORDER BY pos.p)
              FROM (${positions}) pos LEFT JOIN whale_cum w ON w.k = pos.k) AS whale,
           (SELECT k FROM peak)::int AS peak_rank, (SELECT cum::text FROM peak) AS peak,
           (SELECT (cum - (SELECT sum(profit) FROM ranked))::text FROM peak) AS destroyed,
           (SELECT coalesce(json_agg(tiers), '[]') FROM tiers) AS tiers
      FROM counted`)) as unknown as { rows: Row[] };
  const row = result.rows[0]!;
  const n = Number(row.n);
  const totalRevenue = Number(row.revenue);
  const totalProfit = Number(row.profit);
  const positiveRevenue = parsed(row.lorenz).at(-1)?.cum;
  const tiers = parsed(row.tiers);
  const peak = row.peak === null ? null : Number(row.peak);
  return {
    asOf,
    buyers: n,
    revenue: row.revenue,
    profit: row.profit,
    gini: row.gini === null ? null : Number(row.gini),
    top20RevenueShare: share(Number(row.top_revenue), Number(positiveRevenue ?? 0)),
    top20ProfitShare: share(Number(row.top_profit), totalProfit),
    lorenz: parsed(row.lorenz).map((point) => ({ customerShare: point.p / CURVE_STEPS, valueShare: share(Number(point.cum), Number(positiveRevenue ?? 0)) })),
    whale: parsed(row.whale).map((point) => ({ customerShare: point.p / CURVE_STEPS, valueShare: share(Number(point.cum), totalProfit) })),
    whalePeak: row.peak_rank === null || row.peak === null ? null : { customerShare: n > 0 ? Number(row.peak_rank) / n : 0, profit: row.peak, profitShare: share(peak!, totalProfit) },
    destroyed: row.destroyed ?? '0',
    tiers: (['top', 'middle', 'bottom'] as const).map((tier) => {
      const found = tiers.find((item) => item.tier === tier);
      return { tier, customers: found?.customers ?? 0, profit: found?.profit ?? '0', revenue: found?.revenue ?? '0', minProfit: found?.min_profit ?? null };
    }),
  };
}
