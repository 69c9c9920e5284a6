import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';

/**
 * The run's daily snapshot from the new scores table, in ONE scan: counts, CLV, P(alive)
 * and expected purchases overall, customers per risk level, RFM segment and value tier
 * (grouping sets), and per reason code (a containment test per known code). Four scans and
 * an expansion of every reasons array took ~4 s at a million buyers.
 */
export type RunTotals = {
  buyers: number;
  high: number;
  medium: number;
  low: number;
  totalClv: string;
  meanPAlive: number;
  expectedPurchases90d: number;
  segments: Record<string, number>;
  tiers: Record<string, number>;
  reasons: Record<string, number>;
  historyRows: number;
};

type Row = { g: number; segment: string | null; tier: string | null; level: string | null; n: number; clv: string; p: number | null; e90: number | null; codes: number[] | string };

export async function readRunTotals(tx: Executor, asOf: string, reasonCodes: readonly string[]): Promise<RunTotals> {
  const codeCounts = reasonCodes.length
    ? sql.join(reasonCodes.map((code) => sql`count(*) FILTER (WHERE reasons @> ${JSON.stringify([{ code }])}::jsonb)::int`), sql`, `)
    : sql``;
  const result = (await tx.execute(sql`
    SELECT GROUPING(rfm_segment, value_tier, risk_level)::int AS g, rfm_segment AS segment, value_tier AS tier, risk_level AS level,
           count(*)::int AS n, coalesce(sum(clv), 0)::text AS clv, sum(p_alive)::float8 AS p, sum(expected_purchases_90d)::float8 AS e90,
           ARRAY[${codeCounts}]::int[] AS codes
      FROM customer_scores_next
     GROUP BY GROUPING SETS ((), (rfm_segment), (value_tier), (risk_level))`)) as unknown as { rows: Row[] };
  const history = (await tx.execute(sql`SELECT count(*)::int AS n FROM customer_score_history WHERE as_of = ${asOf}::date`)) as unknown as { rows: { n: number }[] };
  // GROUPING bits (segment, tier, level): 7 = grand total, 3 = by segment, 5 = by tier, 6 = by level.
  const rows = result.rows.map((row) => ({ ...row, g: Number(row.g), n: Number(row.n) }));
  const total = rows.find((row) => row.g === 7);
  const by = (bits: number, key: (row: Row) => string | null) =>
    Object.fromEntries(rows.filter((row) => row.g === bits && key(row) !== null).map((row) => [key(row)!, row.n]));
  const levels = by(6, (row) => row.level);
  const codes = total ? intArray(total.codes) : [];
  const n = total?.n ?? 0;
  return {
    buyers: n,
    high: levels.high ?? 0,
    medium: levels.medium ?? 0,
    low: levels.low ?? 0,
    totalClv: total?.clv ?? '0',
    meanPAlive: n > 0 ? Number(total!.p) / n : 0,
    expectedPurchases90d: n > 0 ? Number(total!.e90) : 0,
    segments: by(3, (row) => row.segment),
    tiers: by(5, (row) => row.tier),
    reasons: Object.fromEntries(reasonCodes.map((code, i) => [code, codes[i] ?? 0]).filter(([, count]) => Number(count) > 0)),
    historyRows: Number(history.rows[0]?.n ?? 0),
  };
}

function intArray(value: number[] | string): number[] {
  return Array.isArray(value) ? value.map(Number) : value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map(Number);
}
