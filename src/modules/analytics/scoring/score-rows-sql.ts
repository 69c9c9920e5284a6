import { sql, type SQL } from 'drizzle-orm';
import type { ChurnReason, ReasonContext, ReasonFigure, ReasonSource } from './churn-reasons.js';
import type { RankCuts } from './rank-cuts.js';
import { rankedColumnsSql } from './rank-cuts.js';
import type { ScoringSettings } from './scoring-settings.js';

/**
 * The rows of the day's customer_scores, as ONE SELECT over the run's temporary tables
 * (wx_summaries with the spend windows, wx_predictions, wx_src_<source>) and yesterday's scores: RFM and tier from
 * the rank cuts, model predictions by (x, t_x, T) group, CLV, the previous values, the
 * reasons that apply and the risk they add up to. Materialising the base rows and the scored
 * rows as two temporary tables first cost ~13 s at a million buyers.
 *
 * Column names match customer_scores (see SCORE_COLUMNS), in that order.
 */
export const SCORE_COLUMNS = [
  'customer_id', 'run_id', 'as_of', 'first_day', 'last_day', 'frequency', 'recency_days', 'tenure_days', 'revenue', 'margin',
  'rfm_r', 'rfm_f', 'rfm_m', 'rfm_segment', 'value_tier', 'p_alive', 'prev_p_alive', 'prev_as_of', 'prev_risk_level', 'prev_rfm_segment',
  'prev_value_tier', 'expected_purchases_90d', 'expected_aov', 'clv', 'risk_score', 'risk_level', 'reasons', 'hist_as_of', 'hist_p_alive', 'updated_at',
] as const;

export type ScoreRowsInput = {
  runId: string;
  asOf: string;
  settings: ScoringSettings;
  cuts: RankCuts;
  /** Expected value per purchase over the summaries row `s` (expected-value-sql.ts). */
  expectedValue: SQL;
  reasons: readonly ChurnReason[];
  sources: ReadonlyMap<string, ReasonSource>;
  ctx: ReasonContext;
};

export function scoreRowsSql(input: ScoreRowsInput): SQL {
  const { runId, asOf, settings, reasons } = input;
  const ranked = rankedColumnsSql(input.cuts, settings.lostAfterDays, sql`s`);
  // The previous values: yesterday's row, or on a re-run of the same day the values it kept.
  const previous = (column: string) =>
    sql`CASE WHEN old.as_of < ${asOf}::date THEN old.${sql.raw(column)} WHEN old.as_of = ${asOf}::date THEN old.${sql.raw(`prev_${column}`)} END`;
  const base = sql`
    SELECT s.customer_id, s.first_day, s.last_day, s.frequency, s.recency_days, s.tenure_days, s.days_since_last,
           s.revenue, s.margin, s.spend_recent, s.spend_previous, ${ranked.r} AS r, ${ranked.f} AS f, ${ranked.m} AS m, ${ranked.segment} AS segment, ${ranked.tier} AS tier,
           p.p_alive, p.e90,
           round(${input.expectedValue}::numeric, 2) AS expected_aov,
           round((${input.expectedValue} * p.disc * ${settings.clvMargin}::float8)::numeric, 2) AS clv,
           ${previous('p_alive')} AS prev_p_alive, ${previous('as_of')} AS prev_as_of, ${previous('risk_level')} AS prev_risk_level,
           ${previous('rfm_segment')} AS prev_rfm_segment, ${previous('value_tier')} AS prev_value_tier,
           old.customer_id IS NOT NULL AS scored_before, old.hist_as_of, old.hist_p_alive
      FROM wx_summaries s
      JOIN customers c ON c.id = s.customer_id
      JOIN wx_predictions p ON p.x = s.frequency AND p.tx = s.recency_days AND p.t = s.tenure_days
      LEFT JOIN customer_scores old ON old.customer_id = s.customer_id
    OFFSET 0`;
  const joins = [...input.sources.keys()].map((name) => sql`LEFT JOIN ${sql.raw(`wx_src_${name}`)} AS ${sql.raw(name)} ON ${sql.raw(name)}.customer_id = b.customer_id`);
  const applies = reasons.map((reason) => sql`coalesce((${reason.when(input.ctx)}), false)`);
  const found = reasons.map((reason, i) => sql`CASE WHEN ${applies[i]!} THEN ${reasonJson(reason.code, reason.figures(input.ctx))} END`);
  const keep = reasons.map((reason, i) => sql`(CASE WHEN ${applies[i]!} THEN ${1 - reason.weight}::float8 ELSE 1 END)`);
  const reasonList = reasons.length ? sql`('[' || concat_ws(',', ${sql.join(found, sql`, `)}) || ']')::jsonb` : sql`'[]'::jsonb`;
  const risk = sql`least(1, greatest(0, 1 - b.p_alive${reasons.length ? sql` * ${sql.join(keep, sql` * `)}` : sql``}))`;
  // Whether today gets a history row: when something about the customer changed (see
  // docs/analytics.md, "History"). Migration 0005 also wrote one every day while a customer
  // was at medium or high risk; at a million buyers with half of them at risk that was
  // ~200 M rows a year, most repeating the day before.
  const record = sql`(NOT sc.scored_before OR sc.hist_as_of = ${asOf}::date
    OR sc.prev_risk_level IS DISTINCT FROM sc.risk_level OR sc.prev_rfm_segment IS DISTINCT FROM sc.segment
    OR sc.prev_value_tier IS DISTINCT FROM sc.tier OR sc.hist_p_alive IS NULL
    OR abs(sc.p_alive - sc.hist_p_alive) >= ${settings.historyMinChange})`;
  // OFFSET 0 keeps each level a separate step: flattened, PostgreSQL copied the segment,
  // tier, reason and risk expressions into every place that names them and evaluated them
  // again and again (13 s of a 25 s insert at a million rows).
  return sql`
    SELECT sc.customer_id, ${runId}::uuid, ${asOf}::date, sc.first_day, sc.last_day, sc.frequency, sc.recency_days, sc.tenure_days, sc.revenue, sc.margin,
           sc.r, sc.f, sc.m, sc.segment, sc.tier, sc.p_alive, sc.prev_p_alive, sc.prev_as_of, sc.prev_risk_level, sc.prev_rfm_segment,
           sc.prev_value_tier, sc.e90, sc.expected_aov, sc.clv, sc.risk_score, sc.risk_level, sc.reasons,
           CASE WHEN ${record} THEN ${asOf}::date ELSE sc.hist_as_of END,
           CASE WHEN ${record} THEN sc.p_alive ELSE sc.hist_p_alive END, now()
      FROM (
        SELECT y.*, CASE WHEN y.risk_score >= ${settings.highRisk} THEN 'high' WHEN y.risk_score >= ${settings.mediumRisk} THEN 'medium' ELSE 'low' END AS risk_level
          FROM (SELECT b.*, ${reasonList} AS reasons, ${risk} AS risk_score FROM (${base}) b ${sql.join(joins, sql` `)} OFFSET 0) y
        OFFSET 0
      ) sc`;
}

/** {"code": …, "data": {…}} as JSON text (see ReasonFigure): one jsonb parse per row instead of a jsonb_build_object per reason. */
function reasonJson(code: string, figures: readonly ReasonFigure[]): SQL {
  const value = (figure: ReasonFigure) => {
    if (figure.kind === 'number') return sql`coalesce((${figure.value})::text, 'null')`;
    if (figure.kind === 'date') return sql`coalesce('"' || to_char(${figure.value}, 'YYYY-MM-DD') || '"', 'null')`;
    return sql`coalesce(to_json((${figure.value})::text)::text, 'null')`;
  };
  const parts = figures.map((figure, i) => sql`${`${i ? ',' : ''}${JSON.stringify(figure.name)}:`}::text || ${value(figure)}`);
  return sql`(${`{"code":${JSON.stringify(code)},"data":{`}::text${parts.length ? sql` || ${sql.join(parts, sql` || `)}` : sql``} || '}}')`;
}
