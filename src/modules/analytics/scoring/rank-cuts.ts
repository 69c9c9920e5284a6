import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';

/**
 * RFM scores and value tiers for an analysis run, from a few order statistics instead of a
 * ranking window per dimension over every buyer (four sorts of a million rows took ~7 s).
 *
 * The scores are defined as in rfm-segments.ts: score = least(5, 1 + ⌊5·(rank − 1)/n⌋) with
 * rank() (ties share the lowest rank), so rank − 1 = L, the number of buyers with a smaller
 * value. ⌊5L/n⌋ ≥ k  ⇔  L ≥ m_k = ⌈k·n/5⌉  ⇔  v > s(m_k), where s(j) is the j-th smallest
 * value: the j smallest values are exactly those below v. Hence
 *   score(v) = 1 + Σ_{k=1..4} [v > s(m_k)],
 * four cut values per dimension, read in one ordered-set aggregate each.
 *
 * Value tiers rank buyers by margin descending, ties by customer id (value-concentration.ts):
 * top = the first ⌈0.2·n⌉, bottom = the last ⌈0.2·n⌉, top winning when they overlap. The
 * buyer at position ⌈0.2·n⌉ from each end is the edge; a buyer is in the tier when it sorts
 * on the tier's side of (or on) that edge. The edges' margins are two more order statistics;
 * among buyers tied on an edge's margin, the ids decide (a sort of the tied few only).
 */
export type RankCuts = {
  buyers: number;
  /** Cut values s(m_1..m_4) as text: last purchase day (R), orders (F), revenue (M). */
  r: string[];
  f: string[];
  m: string[];
  /** Mean score per dimension (exact decimal text), the line between "high" and not. */
  means: { r: string; f: string; m: string };
  topEdge: { margin: string; customerId: string };
  bottomEdge: { margin: string; customerId: string };
};

type CutRow = { n: number; r: string[] | string; f: string[] | string; m: string[] | string };

/** Reads the cut values, means and tier edges of the summaries table (null when it has no rows). */
export async function readRankCuts(tx: Executor, summaries: string): Promise<RankCuts | null> {
  const table = sql.raw(summaries);
  const counted = (await tx.execute(sql`SELECT count(*)::int AS n FROM ${table}`)) as unknown as { rows: { n: number }[] };
  const n = Number(counted.rows[0]?.n ?? 0);
  if (n === 0) return null;
  // percentile_disc(p) returns the value at row ⌈p·n⌉: p = (m − ½)/n lands on row m exactly
  // whatever the rounding of p.
  const at = (row: number) => (row - 0.5) / n;
  const fractions = [1, 2, 3, 4].map((k) => at(Math.ceil((k * n) / 5)));
  const top = Math.ceil(n * 0.2);
  // The tier edges' margins: row `top` from each end of the margin order.
  const edgeFractions = [at(top), at(n - top + 1)];
  const cuts = (await tx.execute(sql`
    SELECT percentile_disc(${sql.param(fractions)}::float8[]) WITHIN GROUP (ORDER BY last_day)::text[] AS r,
           percentile_disc(${sql.param(fractions)}::float8[]) WITHIN GROUP (ORDER BY orders)::text[] AS f,
           percentile_disc(${sql.param(fractions)}::float8[]) WITHIN GROUP (ORDER BY revenue)::text[] AS m,
           percentile_disc(${sql.param(edgeFractions)}::float8[]) WITHIN GROUP (ORDER BY margin)::text[] AS edges
      FROM ${table}`)) as unknown as { rows: (CutRow & { edges: string[] | string })[] };
  const row = cuts.rows[0]!;
  const r = textArray(row.r);
  const f = textArray(row.f);
  const m = textArray(row.m);
  const [bottomMargin, topMargin] = textArray(row.edges) as [string, string];
  const scores = rfmScoreSql(r, f, m, sql`t`);
  const counts = (await tx.execute(sql`
    SELECT avg(${scores.r})::text AS r, avg(${scores.f})::text AS f, avg(${scores.m})::text AS m,
           count(*) FILTER (WHERE margin > ${topMargin}::numeric)::int AS above, count(*) FILTER (WHERE margin < ${bottomMargin}::numeric)::int AS below
      FROM ${table} t`)) as unknown as { rows: { r: string; f: string; m: string; above: number; below: number }[] };
  const { above, below, ...means } = counts.rows[0]!;
  // Among the buyers tied on an edge's margin, ids decide: ascending from the top, descending from the bottom.
  const edges = (await tx.execute(sql`
    SELECT (SELECT customer_id::text FROM ${table} WHERE margin = ${topMargin}::numeric ORDER BY customer_id OFFSET ${top - Number(above) - 1} LIMIT 1) AS top_id,
           (SELECT customer_id::text FROM ${table} WHERE margin = ${bottomMargin}::numeric ORDER BY customer_id DESC OFFSET ${top - Number(below) - 1} LIMIT 1) AS bottom_id`)) as unknown as {
    rows: { top_id: string; bottom_id: string }[];
  };
  const topId = edges.rows[0]!.top_id;
  const bottomId = edges.rows[0]!.bottom_id;
  return {
    buyers: n, r, f, m,
    means,
    topEdge: { margin: topMargin!, customerId: topId! },
    bottomEdge: { margin: bottomMargin!, customerId: bottomId! },
  };
}

/** The three scores as SQL over a summaries row `alias` (columns last_day, orders, revenue). */
function rfmScoreSql(r: string[], f: string[], m: string[], alias: SQL): { r: SQL; f: SQL; m: SQL } {
  const score = (column: string, cuts: string[], type: string) =>
    sql`(1 + ${sql.join(cuts.map((cut) => sql`(${alias}.${sql.raw(column)} > ${cut}::${sql.raw(type)})::int`), sql` + `)})`;
  return { r: score('last_day', r, 'date'), f: score('orders', f, 'int'), m: score('revenue', m, 'numeric') };
}

/**
 * r, f, m, segment and tier as SQL expressions over a summaries row `alias` (with
 * days_since_last, margin and customer_id): the same values rfmScoresSql and the profit
 * ranking give, with the segment rule of rfm-segments.ts.
 */
export function rankedColumnsSql(cuts: RankCuts, lostAfterDays: number, alias: SQL): { r: SQL; f: SQL; m: SQL; segment: SQL; tier: SQL } {
  const { r, f, m } = rfmScoreSql(cuts.r, cuts.f, cuts.m, alias);
  const high = (score: SQL, mean: string) => sql`(${score} > ${mean}::numeric)`;
  const rHigh = high(r, cuts.means.r);
  const fHigh = high(f, cuts.means.f);
  const segment = sql`(CASE WHEN ${alias}.days_since_last > ${lostAfterDays}::int THEN 'lost'
    ELSE (CASE WHEN ${high(m, cuts.means.m)} THEN 'important_' ELSE 'general_' END) ||
         (CASE WHEN ${rHigh} AND ${fHigh} THEN 'value' WHEN ${rHigh} THEN 'develop' WHEN ${fHigh} THEN 'keep' ELSE 'retain' END) END)`;
  const { topEdge: t, bottomEdge: b } = cuts;
  const tier = sql`(CASE
    WHEN ${alias}.margin > ${t.margin}::numeric OR (${alias}.margin = ${t.margin}::numeric AND ${alias}.customer_id <= ${t.customerId}::uuid) THEN 'top'
    WHEN ${alias}.margin < ${b.margin}::numeric OR (${alias}.margin = ${b.margin}::numeric AND ${alias}.customer_id >= ${b.customerId}::uuid) THEN 'bottom'
    ELSE 'middle' END)`;
  return { r, f, m, segment, tier };
}

/** node-postgres returns text[] as an array; PGlite may too, or as the '{a,b}' literal. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').map((item) => item.replace(/^"|"$/g, ''));
}
