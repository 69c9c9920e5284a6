import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import type { Messages } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, type AnalysisScope } from './analysis-scope.js';
import { customerSummariesSql } from './customer-summaries.js';
import { rfmSegmentKeys, rfmSegmentLabels, type RfmSegmentKey } from './rfm-labels.js';

/**
 * RFM (recency, frequency, monetary) scores and the eight classic value segments.
 *
 * Each score is 1–5 by the customer's rank among buyers: 1 + ⌊5 × (rank − 1) / n⌋, tied
 * customers sharing the lowest rank. Unlike ntile(), ties never land in different scores
 * (when most customers bought once, they all get F = 1). R ranks the last purchase day
 * (recent = 5), F the number of orders, M the revenue. A dimension is "high" when its
 * score is above the buyers' mean score for it, the usual rule of the Chinese 8-segment
 * model (重要价值 = R, F and M all high …). Customers with no purchase for more than
 * `lostAfterDays` are 流失 (lost) whatever their scores.
 */
export const rfmInput = analysisInput.extend({
  lostAfterDays: z.number().int().min(1).max(3650).default(365),
});
export type RfmInput = z.input<typeof rfmInput>;

export type RfmSegment = {
  key: RfmSegmentKey;
  label: Messages;
  customers: number;
  /** Share of buyers, 0–1. */
  share: number;
  revenue: string;
  /** Share of all buyers' revenue, 0–1. */
  revenueShare: number;
  averageDaysSinceLast: number;
  averageOrders: number;
  averageRevenue: string;
};

/** One cell of the R × F heat map: how many customers, and their mean revenue. */
export type RfmCell = { r: number; f: number; customers: number; averageRevenue: string };

export type RfmResult = { asOf: string; buyers: number; segments: RfmSegment[]; heatmap: RfmCell[] };

/** Scores and segment per customer, as a SELECT over the summaries (snake_case columns; `summaries`: already computed ones). */
export function rfmScoresSql(scope: AnalysisScope, lostAfterDays: number, summaries: SQL = customerSummariesSql(scope)) {
  const score = (order: string) => sql.raw(`least(5, 1 + floor(5.0 * (rank() OVER (ORDER BY ${order}) - 1) / count(*) OVER ()))::int`);
  return sql`
    WITH summaries AS (${summaries}),
    scored AS (
      SELECT summaries.*, ${score('last_day')} AS r, ${score('orders')} AS f, ${score('revenue')} AS m FROM summaries
    ),
    judged AS (
      SELECT scored.*, r > avg(r) OVER () AS r_high, f > avg(f) OVER () AS f_high, m > avg(m) OVER () AS m_high FROM scored
    )
    SELECT judged.*,
           CASE WHEN days_since_last > ${lostAfterDays} THEN 'lost'
                ELSE (CASE WHEN m_high THEN 'important_' ELSE 'general_' END) ||
                     (CASE WHEN r_high AND f_high THEN 'value' WHEN r_high THEN 'develop' WHEN f_high THEN 'keep' ELSE 'retain' END)
           END AS segment
      FROM judged`;
}

type SegmentRow = { segment: RfmSegmentKey; customers: number; revenue: string; days: number; orders: number; average_revenue: string };
type CellRow = { r: number; f: number; customers: number; average_revenue: string };

export async function rfmSegments(db: Executor, actor: Actor, input: RfmInput = {}): Promise<RfmResult> {
  const options = parseInput(rfmInput, input);
  const scope = await resolveScope(db, actor, options);
  const result = (await db.execute(sql`
    WITH rfm AS MATERIALIZED (${rfmScoresSql(scope, options.lostAfterDays)}),
    segments AS (
      SELECT segment, count(*)::int AS customers, sum(revenue)::text AS revenue, avg(days_since_last)::float8 AS days,
             avg(orders)::float8 AS orders, round(avg(revenue), 2)::text AS average_revenue
        FROM rfm GROUP BY segment
    ),
    cells AS (
      SELECT r, f, count(*)::int AS customers, round(avg(revenue), 2)::text AS average_revenue FROM rfm GROUP BY r, f
    )
    SELECT (SELECT coalesce(json_agg(segments), '[]') FROM segments) AS segments,
           (SELECT coalesce(json_agg(cells ORDER BY r, f), '[]') FROM cells) AS cells,
           (SELECT coalesce(sum(revenue), 0)::text FROM rfm) AS total`)) as unknown as {
    rows: { segments: SegmentRow[] | string; cells: CellRow[] | string; total: string }[];
  };
  const row = result.rows[0]!;
  const segmentRows = (typeof row.segments === 'string' ? JSON.parse(row.segments) : row.segments) as SegmentRow[];
  const cells = (typeof row.cells === 'string' ? JSON.parse(row.cells) : row.cells) as CellRow[];
  const buyers = segmentRows.reduce((sum, segment) => sum + segment.customers, 0);
  const total = Number(row.total);
  const byKey = new Map(segmentRows.map((segment) => [segment.segment, segment]));
  return {
    asOf: scope.asOf,
    buyers,
    segments: rfmSegmentKeys.map((key) => {
      const found = byKey.get(key);
      return {
        key,
        label: rfmSegmentLabels[key],
        customers: found?.customers ?? 0,
        share: found && buyers > 0 ? found.customers / buyers : 0,
        revenue: found?.revenue ?? '0',
        revenueShare: found && total !== 0 ? Number(found.revenue) / total : 0,
        averageDaysSinceLast: found ? Math.round(found.days * 10) / 10 : 0,
        averageOrders: found ? Math.round(found.orders * 100) / 100 : 0,
        averageRevenue: found?.average_revenue ?? '0',
      };
    }),
    heatmap: cells.map((cell) => ({ r: cell.r, f: cell.f, customers: cell.customers, averageRevenue: cell.average_revenue })),
  };
}
